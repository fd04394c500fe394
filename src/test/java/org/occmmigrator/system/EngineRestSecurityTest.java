package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.Variable;

/**
 * The attacks of issue #12 over {@code /engine-rest}, as the operator {@code support}, the viewer and the
 * admin: each is refused with a 4xx and changes nothing; what operators need keeps working.
 */
class EngineRestSecurityTest extends SecuredAppTestBase {

  private static final String REST = "/engine-rest";

  // --- operators: no path around the process's checks

  @Test
  void operatorCannotRewriteTheVariablesTheChecksTrust() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of(Variable.HANDOVERS, new LinkedHashMap<>(Map.of("shop/api", "DNS"))));
    String pi = REST + "/process-instance/" + migration.getId();
    String execution = runtimeService.createExecutionQuery().processInstanceId(migration.getId()).list().get(0).getId();
    for (String[] attack : List.of(
        new String[] {"PUT", pi + "/variables/handovers", "{\"value\":\"{\\\"shop/api\\\":\\\"ADOPTED\\\"}\",\"type\":\"Json\"}"},
        new String[] {"POST", pi + "/variables", "{\"modifications\":{\"inventory\":{\"value\":\"{}\",\"type\":\"Json\"}}}"},
        new String[] {"DELETE", pi + "/variables/handovers", null},
        new String[] {"PUT", REST + "/execution/" + execution + "/localVariables/handovers", "{\"value\":\"x\"}"},
        new String[] {"POST", REST + "/execution/" + execution + "/localVariables", "{\"modifications\":{\"x\":{\"value\":1}}}"},
        new String[] {"POST", REST + "/process-instance/variables-async", "{\"processInstanceIds\":[\"" + migration.getId() + "\"],\"variables\":{}}"},
        // other spellings of the same path reach the same resource
        new String[] {"PUT", REST + "/engine/default/process-instance/" + migration.getId() + "/variables/handovers", "{\"value\":\"x\"}"},
        new String[] {"PUT", REST + "/process-instance;v=1/" + migration.getId() + "/variables/handovers", "{\"value\":\"x\"}"})) {
      HttpResponse<String> response = send("support", attack[0], attack[1], attack[2]);
      assertThat(response.statusCode()).as(attack[0] + " " + attack[1] + ": " + response.body()).isEqualTo(403);
      assertThat(problemType(response)).isEqualTo("forbidden");
    }
    assertThat(runtimeService.getVariable(migration.getId(), Variable.HANDOVERS)).isEqualTo(Map.of("shop/api", "DNS"));
    assertThat(runtimeService.getVariable(migration.getId(), "x")).isNull();
  }

  @Test
  void aTaskStartsWithoutTheAnswersOfAnEarlierOne() {
    // an escalation answered WAIT_LONGER before, and a stale confirmation: neither is shown or read again
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of(Variable.CONFIRMED, true,
        Variable.MOVE_FLOATING_IP, "[\"shop/api\"]", Variable.DECISION, "WAIT_LONGER"));
    String task = openTask(migration.getId()).getId();
    assertThat(taskService.getVariable(task, Variable.CONFIRMED)).isNull();
    assertThat(taskService.getVariable(task, Variable.MOVE_FLOATING_IP)).isNull();
    assertThat(runtimeService.getVariable(migration.getId(), Variable.DECISION)).as("not this form's field")
        .isEqualTo("WAIT_LONGER");
  }

  @Test
  void operatorCannotWriteVariablesThroughItsTask() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of(Variable.HANDOVERS, new LinkedHashMap<>(Map.of("shop/api", "DNS"))));
    String task = REST + "/task/" + openTask(migration.getId()).getId();
    for (String[] attack : List.of(
        new String[] {"PUT", task + "/variables/handovers", "{\"value\":\"x\"}"},
        new String[] {"PUT", task + "/localVariables/handovers", "{\"value\":\"x\"}"},
        new String[] {"POST", task + "/variables", "{\"modifications\":{\"handovers\":{\"value\":\"x\"}}}"},
        new String[] {"DELETE", task + "/variables/handovers", null},
        new String[] {"PUT", task, "{\"name\":\"renamed\",\"due\":null}"},
        new String[] {"POST", task + "/bpmnError", "{\"errorCode\":\"NOT_ELIGIBLE\"}"},
        new String[] {"DELETE", task, null})) {
      HttpResponse<String> response = send("support", attack[0], attack[1], attack[2]);
      assertThat(response.statusCode()).as(attack[0] + " " + attack[1]).isEqualTo(403);
    }
    assertThat(runtimeService.getVariable(migration.getId(), Variable.HANDOVERS)).isEqualTo(Map.of("shop/api", "DNS"));
    assertThat(openTask(migration.getId())).isNotNull();
  }

  @Test
  void operatorCannotModifySuspendDeleteMigrateOrRestartAMigration() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of());
    String pi = REST + "/process-instance/" + migration.getId();
    String definition = migration.getProcessDefinitionId();
    for (String[] attack : List.of(
        new String[] {"POST", pi + "/modification", "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_EnableExternalCloudProvider\"}]}"},
        new String[] {"POST", REST + "/modification/execute", "{\"processDefinitionId\":\"" + definition + "\",\"processInstanceIds\":[\"" + migration.getId() + "\"],\"instructions\":[]}"},
        new String[] {"PUT", pi + "/suspended", "{\"suspended\":true}"},
        new String[] {"DELETE", pi, null},
        new String[] {"POST", REST + "/process-instance/delete", "{\"processInstanceIds\":[\"" + migration.getId() + "\"]}"},
        new String[] {"POST", REST + "/process-definition/" + definition + "/restart", "{\"processInstanceIds\":[\"x\"],\"instructions\":[]}"},
        new String[] {"POST", REST + "/migration/execute", "{\"migrationPlan\":{},\"processInstanceIds\":[]}"},
        new String[] {"POST", REST + "/message", "{\"messageName\":\"x\"}"},
        new String[] {"POST", REST + "/signal", "{\"name\":\"x\"}"},
        new String[] {"POST", REST + "/deployment/create", "{}"},
        new String[] {"PUT", REST + "/process-definition/key/occm-migration/suspended", "{\"suspended\":true}"},
        new String[] {"POST", REST + "/external-task/fetchAndLock", "{\"workerId\":\"w\",\"maxTasks\":1,\"topics\":[]}"},
        new String[] {"POST", REST + "/identity/verify", "{\"username\":\"admin\",\"password\":\"guess\"}"},
        new String[] {"POST", REST + "/user/admin/unlock", null})) {
      HttpResponse<String> response = send("support", attack[0], attack[1], attack[2]);
      assertThat(response.statusCode()).as(attack[0] + " " + attack[1]).isEqualTo(403);
    }
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(migration.getId()).active().count()).isEqualTo(1);
    assertThat(openTask(migration.getId()).getTaskDefinitionKey()).isEqualTo(Element.CONFIRM_MIGRATION);
  }

  @Test
  void operatorCannotStartPastTheStartEventsChecks() throws Exception {
    for (String body : List.of(
        "{\"variables\":{\"clusterId\":{\"value\":\"newer\"}},\"startInstructions\":[{\"type\":\"startBeforeActivity\","
            + "\"activityId\":\"Task_EnableExternalCloudProvider\"}]}",
        "{\"variables\":{\"clusterId\":{\"value\":\"newer\"}},\"skipCustomListeners\":true}",
        "{\"variables\":{\"clusterId\":{\"value\":\"newer\"}},\"skipIoMappings\":true}",
        "{\"variables\":{\"clusterId\":{\"value\":\"berlin\"},\"confirmed\":{\"value\":true},"
            + "\"handovers\":{\"value\":\"{\\\"shop/api\\\":\\\"ADOPTED\\\"}\",\"type\":\"Json\"}}}")) {
      HttpResponse<String> response = send("support", "POST", REST + "/process-definition/key/occm-migration/start", body);
      assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(400);
      assertThat(problemType(response)).isEqualTo("invalid-request");
    }
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY).count()).isZero();
  }

  @Test
  void startOverEngineRestAnswersLikeTheApi() throws Exception {
    String start = REST + "/process-definition/key/occm-migration/start";
    HttpResponse<String> started = send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"hamburg\"}}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("hamburg").count()).isEqualTo(1);

    assertThat(send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"hamburg\"}}}").statusCode()).isEqualTo(409);
    assertThat(send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"newer\"}}}").statusCode()).isEqualTo(422);
    assertThat(send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"nowhere\"}}}").statusCode()).isEqualTo(404);
    HttpResponse<String> badId = send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"" + "x".repeat(10_000) + "\"}}}");
    assertThat(badId.statusCode()).isEqualTo(400);
    HttpResponse<String> mistyped = send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":42}}}");
    assertThat(mistyped.statusCode()).isEqualTo(400);
    assertThat(body(mistyped).get("errors").toString()).contains("clusterId: must be text");
  }

  @Test
  void oneRunningMigrationPerClusterWhateverTheBusinessKey() throws Exception {
    // a migration of berlin under another business key, as an older version let one start
    runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).businessKey("berlin-first-try")
        .setVariable(Variable.CLUSTER_ID, "berlin").startBeforeActivity(Element.CONFIRM_MIGRATION).execute();

    HttpResponse<String> api = send("support", "POST", "/api/migrations", "{\"clusterId\":\"berlin\"}");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(409);
    assertThat(problemType(api)).isEqualTo("migration-running");
    String start = REST + "/process-definition/key/occm-migration/start";
    HttpResponse<String> engine = send("support", "POST", start, "{\"variables\":{\"clusterId\":{\"value\":\"berlin\"}}}");
    assertThat(engine.statusCode()).isEqualTo(409);
    HttpResponse<String> otherKey = send("support", "POST", start,
        "{\"variables\":{\"clusterId\":{\"value\":\"munich\"}},\"businessKey\":\"munich-again\"}");
    assertThat(otherKey.statusCode()).as("the business key is the cluster id").isEqualTo(400);
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY).count()).isEqualTo(1);
  }

  @Test
  void operatorCannotRunOrRescheduleATimer() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.WAIT_FOR_CONTROL_PLANE, Map.of());
    Job timer = managementService.createJobQuery().processInstanceId(migration.getId()).timers().singleResult();
    Date due = timer.getDuedate();
    String job = REST + "/job/" + timer.getId();
    String now = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(new Date());
    assertThat(send("support", "POST", job + "/execute", null).statusCode()).isEqualTo(403);
    assertThat(send("support", "PUT", job + "/duedate", "{\"duedate\":\"" + now + "\"}").statusCode()).isEqualTo(403);
    assertThat(send("support", "POST", job + "/duedate/recalculate", null).statusCode()).isEqualTo(403);
    assertThat(send("support", "PUT", job + "/suspended", "{\"suspended\":true}").statusCode()).isEqualTo(403);
    assertThat(send("support", "PUT", job + "/priority", "{\"priority\":100}").statusCode()).isEqualTo(403);
    HttpResponse<String> retryNow = send("support", "PUT", job + "/retries", "{\"retries\":1,\"dueDate\":\"" + now + "\"}");
    assertThat(retryNow.statusCode()).isEqualTo(400);
    assertThat(body(retryNow).get("errors").toString()).contains("only a failed step");
    int retries = managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries();
    HttpResponse<String> moreRetries = send("support", "PUT", job + "/retries", "{\"retries\":5}");
    assertThat(moreRetries.statusCode()).as("a timer has no retries to give").isEqualTo(400);
    assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getDuedate()).isEqualTo(due);
    assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries()).isEqualTo(retries);
  }

  @Test
  void operatorRetriesAFailedStepAtOnce() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.CHECK_ELIGIBILITY, Map.of());
    Job step = managementService.createJobQuery().processInstanceId(migration.getId()).singleResult();
    assertThat(catchThrowable(() -> managementService.executeJob(step.getId()))).as("no OpenStack in this test").isNotNull();
    managementService.setJobRetries(step.getId(), 0);
    String job = REST + "/job/" + step.getId();
    HttpResponse<String> retried = send("support", "PUT", job + "/retries", "{\"retries\":1}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);
    String now = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(new Date());
    HttpResponse<String> retriedNow = send("support", "PUT", job + "/retries", "{\"retries\":1,\"dueDate\":\"" + now + "\"}");
    assertThat(retriedNow.statusCode()).as(retriedNow.body()).isEqualTo(204);
    assertThat(send("support", "PUT", job + "/duedate", "{\"duedate\":\"" + now + "\"}").statusCode())
        .as("a due date alone is an administrator's change").isEqualTo(403);
    assertThat(send("support", "PUT", job + "/retries", "{\"retries\":1000}").statusCode()).isEqualTo(400);
    assertThat(send("support", "POST", job + "/execute", null).statusCode()).as("retried by the job executor, not the web thread")
        .isEqualTo(403);
    assertThat(managementService.createJobQuery().jobId(step.getId()).singleResult().getRetries()).isEqualTo(1);
  }

  // --- task answers: only the form's fields, validated

  @Test
  void aHandoverAnswerCannotRedirectTheMoveWithAFieldItsFormDoesNotHave() throws Exception {
    Task task = dnsHandover("berlin");
    String otherService = "{\"oldIp\":\"203.0.113.99\",\"newIp\":\"203.0.113.98\",\"newLoadBalancer\":\"someone-elses\"}";
    HttpResponse<String> response = send("support", "POST", REST + "/task/" + task.getId() + "/complete",
        answer(Map.of("handoverDecision", "DONE", "details", otherService)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response).get("errors").toString()).contains("details: is no field of this task's form");
    assertThat(body(response).get("message").asText()).as("what Tasklist shows").contains("details");
    assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).as("the task stays open").isEqualTo(1);
    assertThat(runtimeService.getVariable(task.getExecutionId(), "details").toString()).doesNotContain("someone-elses");
  }

  @Test
  void aHandoverAnswerOfTheWrongTypeOrRangeIsRefused() throws Exception {
    Task task = dnsHandover("berlin");
    for (String body : List.of(
        answer(Map.of("handoverDecision", "DONE", "dnsTtlSeconds", "soon")),
        answer(Map.of("handoverDecision", "DONE", "dnsTtlSeconds", 10_000_000)),
        answer(Map.of("handoverDecision", "DONE", "dnsHostname", "shop example.com")),
        answer(Map.of("handoverDecision", "WAIVE")),
        answer(Map.of("dnsHostname", "shop.example.com")),
        "{\"variables\":{\"handoverDecision\":{\"value\":\"\\\"/etc/passwd\\\"\",\"type\":\"Object\","
            + "\"valueInfo\":{\"objectTypeName\":\"java.io.File\",\"serializationDataFormat\":\"application/json\"}}}}",
        "{\"variables\":{\"handoverDecision\":{\"value\":\"DONE\"}},\"withVariablesInReturn\":true,\"businessKey\":\"x\"}")) {
      HttpResponse<String> response = send("support", "POST", REST + "/task/" + task.getId() + "/complete", body);
      assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(400);
      assertThat(problemType(response)).isEqualTo("invalid-request");
    }
    assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
  }

  @Test
  void anEscalationAnswerMustBeOneOfItsChoices() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String complete = REST + "/task/" + openTask(migration.getId()).getId() + "/complete";
    HttpResponse<String> typo = send("support", "POST", complete, answer(Map.of("decision", "WAIT_LONGR")));
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(body(typo).get("errors").toString()).contains("decision: must be WAIT_LONGER or MANUAL, not 'WAIT_LONGR'");
    assertThat(send("support", "POST", complete, "{}").statusCode()).as("no answer at all").isEqualTo(400);
    assertThat(openTask(migration.getId()).getTaskDefinitionKey()).isEqualTo(Element.HANDLE_STALLED_CONTROL_PLANE);

    assertThat(send("support", "POST", complete, answer(Map.of("decision", "WAIT_LONGER"))).statusCode()).isEqualTo(204);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(migration.getId()).count())
        .as("waiting for the control plane again, not handed to manual handling").isEqualTo(1);
  }

  @Test
  void aConfirmationIsTrueOrFalseNotANumber() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of());
    String complete = REST + "/task/" + openTask(migration.getId()).getId() + "/complete";
    HttpResponse<String> number = send("support", "POST", complete, "{\"variables\":{\"confirmed\":{\"value\":1,\"type\":\"Integer\"}}}");
    assertThat(number.statusCode()).isEqualTo(400);
    assertThat(body(number).get("errors").toString()).contains("confirmed: must be true or false");
    HttpResponse<String> both = send("support", "POST", complete, "{\"variables\":{\"confirmed\":{\"value\":true},"
        + "\"moveFloatingIp\":{\"value\":\"[\\\"shop/api\\\"]\",\"type\":\"Json\"},\"pinFloatingIp\":{\"value\":\"[\\\"shop/api\\\"]\",\"type\":\"Json\"}}}");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(body(both).get("errors").toString()).contains("choose one");
    assertThat(send("support", "POST", complete, answer(Map.of("confirmed", false))).statusCode()).as("declined").isEqualTo(204);
  }

  @Test
  void aRefusalFromInsideTheEngineIsA400NotA500() throws Exception {
    // the confirmation's listener has the plan: a service that is no public Service of it is refused there
    String plan = "{\"clusterId\":\"berlin\",\"services\":[]}";
    ProcessInstance migration = migrationAt("berlin", Element.CONFIRM_MIGRATION, Map.of(Variable.INVENTORY, Spin.JSON(plan)));
    HttpResponse<String> response = send("support", "POST", REST + "/task/" + openTask(migration.getId()).getId() + "/complete",
        "{\"variables\":{\"confirmed\":{\"value\":true},\"moveFloatingIp\":{\"value\":\"[\\\"shop/payroll\\\"]\",\"type\":\"Json\"}}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response).get("detail").asText()).contains("shop/payroll is no public LoadBalancer Service");
    assertThat(openTask(migration.getId())).isNotNull();
  }

  // --- viewers and admins

  @Test
  void viewerChangesNothing() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String task = REST + "/task/" + openTask(migration.getId()).getId();
    assertThat(send("viewer", "POST", task + "/complete", answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(403);
    assertThat(send("viewer", "POST", task + "/claim", "{\"userId\":\"viewer\"}").statusCode()).isEqualTo(403);
    assertThat(send("viewer", "PUT", REST + "/process-instance/" + migration.getId() + "/variables/decision", "{\"value\":\"MANUAL\"}")
        .statusCode()).isEqualTo(403);
    assertThat(send("viewer", "POST", REST + "/process-definition/key/occm-migration/start",
        "{\"variables\":{\"clusterId\":{\"value\":\"munich\"}}}").statusCode()).isEqualTo(403);
    assertThat(send("viewer", "POST", REST + "/task", "{}").statusCode()).as("queries as POST are reads").isEqualTo(200);
    assertThat(openTask(migration.getId())).isNotNull();
  }

  @Test
  void operatorClaimsAndAnswersItsTask() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String task = REST + "/task/" + openTask(migration.getId()).getId();
    assertThat(send("support", "POST", task + "/claim", "{\"userId\":\"support\"}").statusCode()).isEqualTo(204);
    assertThat(send("support", "POST", task + "/comment/create", "{\"message\":\"looking at it\"}").statusCode()).isEqualTo(200);
    assertThat(send("support", "POST", task + "/unclaim", null).statusCode()).isEqualTo(204);
    assertThat(send("support", "POST", task + "/complete", answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(204);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(migration.getId()).count()).isZero();
  }

  @Test
  void adminKeepsAdminPowersButAnswersThroughTheFormToo() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    HttpResponse<String> write = send("admin", "PUT", REST + "/process-instance/" + migration.getId() + "/variables/note",
        "{\"value\":\"checked by hand\",\"type\":\"String\"}");
    assertThat(write.statusCode()).isEqualTo(204);
    String complete = REST + "/task/" + openTask(migration.getId()).getId() + "/complete";
    assertThat(send("admin", "POST", complete, answer(Map.of("decision", "MANUAL", "handovers", "{}"))).statusCode()).isEqualTo(400);
    assertThat(send("admin", "POST", complete, answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(204);
  }

  /** A migration of the cluster at the DNS handover of shop/frontend. */
  private Task dnsHandover(String clusterId) {
    String details = "{\"shop/frontend\":{\"service\":\"shop/frontend\",\"oldIp\":\"203.0.113.10\",\"newIp\":\"203.0.113.20\"}}";
    ProcessInstance migration = migrationAt(clusterId, Element.HAND_OVER_SERVICE + "#multiInstanceBody", Map.of(
        Variable.SERVICES_TO_HAND_OVER, new ArrayList<>(List.of("shop/frontend")), Variable.SERVICE_DETAILS, Spin.JSON(details),
        Variable.HANDOVERS, new LinkedHashMap<>(Map.of("shop/frontend", "DNS"))));
    Task task = openTask(migration.getId());
    assertThat(task.getTaskDefinitionKey()).isEqualTo(Element.SWITCH_DNS);
    return task;
  }
}
