package org.occmmigrator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.camunda.spin.Spin.JSON;
import static org.occmmigrator.process.MigrationProcess.Element.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;

/**
 * Every path of the migration process, with the service tasks replaced by recording mocks registered
 * under their bean names. Each test starts from the happy behaviour set up in {@link #happyBehaviour()}
 * and overrides only what differs. Jobs (async continuations, due timers) are driven by hand.
 */
@Deployment(resources = "bpmn/occm-migration.bpmn")
class MigrationProcessTest {

  /** The process engine, and the coverage report (target/process-test-coverage) with its floor. */
  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder("process-test-engine.cfg.xml")
      .assertClassCoverageAtLeast(0.9).build();

  private static final String CLUSTER = "berlin-shop";

  ProcessEngine processEngine;

  /** "bean" or "bean service" for every delegate call, in order. */
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> handovers = new LinkedHashMap<>();

  @BeforeEach
  void happyBehaviour() {
    handovers.put("shop/frontend", Handover.DNS.name());
    handovers.put("shop/api", Handover.MOVE_FIP.name());
    handovers.put("shop/admin", Handover.PIN_FIP.name());
    handovers.put("shop/legacy", Handover.ADOPTED.name());

    MigrationTimers timers = new MigrationTimers();
    Mocks.register("migrationTimers", timers);
    for (String bean : List.of("pinFloatingIpsDelegate", "verifyPlanDelegate", "enableExternalCloudProviderDelegate",
        "verifyVolumesDelegate", "moveFloatingIpDelegate", "moveFloatingIpBackDelegate", "deleteOldLoadBalancersDelegate",
        "verifyOldLoadBalancersGoneDelegate", "writeReportDelegate")) {
      step(bean, execution -> { });
    }
    for (String bean : List.of("checkControlPlaneDelegate", "checkDnsRecordDelegate", "probeFloatingIpDelegate",
        "rotateMachineDeploymentsDelegate", "checkFinalRolloutDelegate")) {
      step(bean, ready(true));
    }
    step("checkEligibilityDelegate", execution -> execution.setVariable(Variable.OLD_LOAD_BALANCER_SERVICES,
        new ArrayList<>(List.of("shop/frontend", "shop/api", "shop/admin", "shop/internal"))));
    step("checkLoadBalancersDelegate", loadBalancersReady());
    step("verifyHandoverCompleteDelegate",
        execution -> execution.setVariable(Variable.ROTATION_NOT_BEFORE, Instant.now().minusSeconds(1).toString()));
    for (String listener : List.of("confirmationChoicesListener", "handoverChoiceListener", "cleanupChoiceListener",
        "taskAnswerListener")) {
      Mocks.register(listener, (TaskListener) task -> { });
    }
    Mocks.register("startRequestListener", (ExecutionListener) execution -> { });
    Mocks.register("runningMigrationLocks", (ExecutionListener) execution -> { });
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
  }

  @Test
  void migratesWithMixedHandoversInTheGuideOrder() {
    ProcessInstance migration = start(Map.of());
    assertThat(migration).isWaitingAt(CONFIRM_MIGRATION).task()
        .hasCandidateGroup("migration-operators").hasName("Confirm migration of cluster " + CLUSTER);
    complete(task(CONFIRM_MIGRATION), withVariables(Variable.CONFIRMED, true));
    drive();

    assertThat(migration).isWaitingAt(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE);
    assertThat(processEngine.getTaskService().getVariable(task(SWITCH_DNS).getId(), "details").toString())
        .contains("203.0.113.7");
    assertThat(taskNames()).containsExactlyInAnyOrder(
        "Switch DNS of shop/frontend — cluster " + CLUSTER,
        "Move the IP of shop/api — cluster " + CLUSTER,
        "Move the IP of shop/admin — cluster " + CLUSTER);
    assertThat(calls).noneMatch(call -> call.startsWith("rotateMachineDeploymentsDelegate"));

    complete(task(SWITCH_DNS), withVariables(Variable.HANDOVER_DECISION, "DONE", Variable.DNS_HOSTNAME, "shop.example.com"));
    drive();
    assertThat(calls).contains("checkDnsRecordDelegate shop/frontend");
    assertThat(calls).noneMatch(call -> call.startsWith("rotateMachineDeploymentsDelegate"));

    for (Task approval : taskQuery().taskDefinitionKey(APPROVE_FLOATING_IP_MOVE).list()) {
      complete(approval, withVariables(Variable.HANDOVER_DECISION, "DONE"));
    }
    drive();

    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);
    assertThat(calls).containsSubsequence("moveFloatingIpDelegate shop/api", "probeFloatingIpDelegate shop/api");
    assertThat(calls).containsSubsequence("moveFloatingIpDelegate shop/admin", "probeFloatingIpDelegate shop/admin");
    assertThat(calls).noneMatch(call -> call.contains("shop/legacy"));
    int lastHandover = lastIndexOf("probeFloatingIpDelegate", "checkDnsRecordDelegate");
    assertThat(calls.indexOf("verifyHandoverCompleteDelegate")).isGreaterThan(lastHandover);
    assertThat(calls.indexOf("rotateMachineDeploymentsDelegate")).isGreaterThan(calls.indexOf("verifyHandoverCompleteDelegate"));

    complete(task(DECIDE_CLEANUP), withVariables(Variable.CLEANUP, "DELETE_NOW"));
    drive();
    assertThat(migration).hasPassedInOrder(CHECK_ELIGIBILITY, CONFIRM_MIGRATION, PIN_FLOATING_IPS,
        ENABLE_EXTERNAL_CLOUD_PROVIDER, CHECK_CONTROL_PLANE, VERIFY_VOLUMES, CHECK_LOAD_BALANCERS,
        VERIFY_HANDOVER_COMPLETE, DNS_CACHES_EXPIRED, ROTATE_MACHINE_DEPLOYMENTS, CHECK_FINAL_ROLLOUT,
        DECIDE_CLEANUP, DELETE_OLD_LOAD_BALANCERS, WRITE_REPORT, END_COMPLETED).isEnded();
    assertThat(calls).as("one job per old load balancer, in order").containsSubsequence(
        "deleteOldLoadBalancersDelegate shop/frontend", "deleteOldLoadBalancersDelegate shop/api",
        "deleteOldLoadBalancersDelegate shop/admin", "deleteOldLoadBalancersDelegate shop/internal", "writeReportDelegate");
  }

  @Test
  void rejectsAnIneligibleClusterWithoutTouchingIt() {
    step("checkEligibilityDelegate", execution -> {
      throw new BpmnError(ErrorCode.NOT_ELIGIBLE, "Kubernetes 1.22.4 is not below the cut-off 1.22");
    });
    ProcessInstance migration = start(Map.of());
    assertThat(migration).hasPassed(END_REJECTED).isEnded();
    assertThat(historicVariable(migration, Variable.REJECTION_REASON)).isEqualTo("Kubernetes 1.22.4 is not below the cut-off 1.22");
    assertThat(calls).containsExactly("checkEligibilityDelegate");
  }

  @Test
  void cancelsWhenTheOperatorDeclines() {
    ProcessInstance migration = start(Map.of());
    complete(task(CONFIRM_MIGRATION), withVariables(Variable.CONFIRMED, false));
    drive();
    assertThat(migration).hasPassed(END_CANCELLED).isEnded();
    assertThat(calls).doesNotContain("enableExternalCloudProviderDelegate");
  }

  @Test
  void skipsTheConfirmationTaskWhenConfirmedAtStart() {
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    assertThat(migration).hasNotPassed(CONFIRM_MIGRATION).isWaitingAt(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE);
    assertThat(calls).containsSubsequence("pinFloatingIpsDelegate", "enableExternalCloudProviderDelegate");
  }

  @Test
  void checksAgainAfterABackoffUntilTheControlPlaneIsUpdated() {
    List<Boolean> answers = new ArrayList<>(List.of(false, false, true));
    step("checkControlPlaneDelegate", execution -> ready(answers.remove(0)).execute(execution));
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    assertThat(migration).isWaitingAt("Timer_ControlPlaneBackoff");
    Job backoff = timer("Timer_ControlPlaneBackoff");
    processEngine.getManagementService().executeJob(backoff.getId());
    drive();
    processEngine.getManagementService().executeJob(timer("Timer_ControlPlaneBackoff").getId());
    drive();
    assertThat(migration).isWaitingAt(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE);
    assertThat(calls.stream().filter(call -> call.equals("checkControlPlaneDelegate"))).hasSize(3);
  }

  static Stream<Arguments> stalledSteps() {
    return Stream.of(
        Arguments.of("checkControlPlaneDelegate", "BoundaryEvent_ControlPlaneStalled", HANDLE_STALLED_CONTROL_PLANE,
            "EndEvent_HandedToManualHandling"),
        Arguments.of("checkLoadBalancersDelegate", "BoundaryEvent_LoadBalancersStalled", RESOLVE_LOAD_BALANCER_PROBLEM,
            "EndEvent_LoadBalancersHandedToManualHandling"),
        Arguments.of("rotateMachineDeploymentsDelegate", "BoundaryEvent_RotationStalled", HANDLE_STALLED_ROTATION,
            "EndEvent_RotationHandedToManualHandling"),
        Arguments.of("checkFinalRolloutDelegate", "BoundaryEvent_FinalRolloutStalled", HANDLE_STALLED_FINAL_ROLLOUT,
            "EndEvent_FinalRolloutHandedToManualHandling"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("stalledSteps")
  void escalatesAStalledStepAndWaitsLongerWhenAsked(String check, String timeout, String escalation, String manualEnd) {
    step(check, ready(false));
    ProcessInstance migration = startAndHandOverEverything();
    processEngine.getManagementService().executeJob(timer(timeout).getId());
    assertThat(migration).isWaitingAt(escalation).task().hasCandidateGroup("migration-operators");
    assertThat(task(escalation).getName()).endsWith("— cluster " + CLUSTER);
    assertThat(task(escalation).getDueDate()).as("an answer is due within the default four hours")
        .isCloseTo(Date.from(Instant.now().plus(Duration.ofHours(4))), 60_000);
    assertThat(processEngine.getTaskService().getVariables(task(escalation).getId()))
        .as("the form says which step stalled and what to check").containsKeys("stalledStep", "whatToCheck");

    step(check, check.equals("checkLoadBalancersDelegate") ? loadBalancersReady() : ready(true));
    complete(task(escalation), withVariables(Variable.DECISION, "WAIT_LONGER"));
    drive();
    assertThat(migration).hasNotPassed(manualEnd).isNotWaitingAt(escalation);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("stalledSteps")
  void handsAStalledStepOverToManualHandling(String check, String timeout, String escalation, String manualEnd) {
    step(check, ready(false));
    ProcessInstance migration = startAndHandOverEverything();
    processEngine.getManagementService().executeJob(timer(timeout).getId());
    complete(task(escalation), withVariables(Variable.DECISION, "MANUAL"));
    drive();
    assertThat(migration).hasPassed(manualEnd).isEnded();
  }

  @Test
  void escalatesANewLoadBalancerInErrorState() {
    step("checkLoadBalancersDelegate", execution -> {
      throw new BpmnError(ErrorCode.LOAD_BALANCER_FAILED, "Octavia load balancer kube_service_x_shop_api is in ERROR");
    });
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    assertThat(migration).isWaitingAt(RESOLVE_LOAD_BALANCER_PROBLEM);
    assertThat(processEngine.getRuntimeService().getVariable(migration.getId(), Variable.PROBLEM))
        .isEqualTo("Octavia load balancer kube_service_x_shop_api is in ERROR");
  }

  @Test
  void returnsTheDnsTaskWhenTheRecordNeverMatchesAndAcceptsAWaiver() {
    handovers.clear();
    handovers.put("shop/frontend", Handover.DNS.name());
    step("checkDnsRecordDelegate", execution -> {
      throw new BpmnError(ErrorCode.DNS_NOT_SWITCHED, "shop.example.com still answers 198.51.100.10");
    });
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    Task first = task(SWITCH_DNS);
    assertThat(first.getDueDate()).as("handover due in the default five days")
        .isCloseTo(Date.from(Instant.now().plus(Duration.ofDays(5))), 60_000);
    complete(first, withVariables(Variable.HANDOVER_DECISION, "DONE", Variable.DNS_HOSTNAME, "shop.example.com"));
    drive();
    Task again = task(SWITCH_DNS);
    assertThat(again.getDueDate()).as("the returned task keeps the Service's deadline").isEqualTo(first.getDueDate());
    assertThat(processEngine.getTaskService().getVariable(again.getId(), Variable.PROBLEM))
        .isEqualTo("shop.example.com still answers 198.51.100.10");
    assertThat(calls).doesNotContain("rotateMachineDeploymentsDelegate");

    complete(again, withVariables(Variable.HANDOVER_DECISION, "WAIVE", Variable.WAIVER_REASON, "customer uses the IP directly"));
    drive();
    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);
    assertThat(calls).containsSubsequence("verifyHandoverCompleteDelegate", "rotateMachineDeploymentsDelegate");
  }

  @Test
  void movesTheFloatingIpBackWhenTheNewLoadBalancerDoesNotServeIt() {
    handovers.clear();
    handovers.put("shop/api", Handover.MOVE_FIP.name());
    step("probeFloatingIpDelegate", ready(false));
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    complete(task(APPROVE_FLOATING_IP_MOVE), withVariables(Variable.HANDOVER_DECISION, "DONE"));
    drive();
    assertThat(calls).containsSubsequence("moveFloatingIpDelegate shop/api", "probeFloatingIpDelegate shop/api",
        "moveFloatingIpBackDelegate shop/api");
    assertThat(migration).isWaitingAt(APPROVE_FLOATING_IP_MOVE);
    assertThat(calls).doesNotContain("verifyHandoverCompleteDelegate");
  }

  @Test
  void sendsAChangedPlanBackToTheEngineerAndNeverTriggersOnIt() {
    List<Boolean> planHolds = new ArrayList<>(List.of(false, true));
    step("verifyPlanDelegate", execution -> {
      if (!planHolds.remove(0)) {
        execution.setVariable(Variable.PLAN_CHANGES, "new since the plan: shop/late (IP 198.51.100.99)");
        throw new BpmnError(ErrorCode.PLAN_CHANGED, "The cluster changed since the plan was confirmed");
      }
    });
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    assertThat(migration).isWaitingAt(CONFIRM_MIGRATION);
    assertThat(calls).doesNotContain("enableExternalCloudProviderDelegate");
    assertThat(processEngine.getTaskService().getVariable(task(CONFIRM_MIGRATION).getId(), Variable.PLAN_CHANGES))
        .isEqualTo("new since the plan: shop/late (IP 198.51.100.99)");

    complete(task(CONFIRM_MIGRATION), withVariables(Variable.CONFIRMED, true));
    drive();
    assertThat(calls).containsSubsequence("verifyPlanDelegate", "verifyPlanDelegate", "enableExternalCloudProviderDelegate");
    assertThat(migration).isWaitingAt(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE);
  }

  @Test
  void internalServiceGetsAHandoverTaskAndRotationWaitsForIt() {
    handovers.clear();
    handovers.put("shop/internal", Handover.INTERNAL_VIP.name());
    ProcessInstance migration = start(Map.of(Variable.CONFIRMED, true));
    assertThat(migration).isWaitingAt(SWITCH_INTERNAL_CONSUMERS).task().hasCandidateGroup("migration-operators")
        .hasName("Switch consumers of shop/internal to the new VIP — cluster " + CLUSTER);
    assertThat(task(SWITCH_INTERNAL_CONSUMERS).getDueDate()).isNotNull();
    assertThat(calls).doesNotContain("verifyHandoverCompleteDelegate", "rotateMachineDeploymentsDelegate");

    complete(task(SWITCH_INTERNAL_CONSUMERS), withVariables(Variable.HANDOVER_DECISION, "DONE"));
    drive();
    assertThat(calls).containsSubsequence("verifyHandoverCompleteDelegate", "rotateMachineDeploymentsDelegate");
    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);
  }

  @Test
  void interlockKeepsTheWorkersUntilEveryServiceIsHandedOver() {
    List<Boolean> handedOver = new ArrayList<>(List.of(false, true));
    step("verifyHandoverCompleteDelegate", execution -> {
      if (!handedOver.remove(0)) {
        throw new BpmnError(ErrorCode.HANDOVER_INCOMPLETE, "shop/api: the old floating IP is still on the old load balancer");
      }
      execution.setVariable(Variable.ROTATION_NOT_BEFORE, Instant.now().minusSeconds(1).toString());
    });
    ProcessInstance migration = startAndHandOverEverything();
    assertThat(migration).isWaitingAt(RESOLVE_INCOMPLETE_HANDOVER);
    assertThat(calls).doesNotContain("rotateMachineDeploymentsDelegate");

    complete(task(RESOLVE_INCOMPLETE_HANDOVER), withVariables(Variable.DECISION, "WAIT_LONGER"));
    drive();
    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);
  }

  @Test
  void rotationWaitsUntilTheLastDnsAnswerExpired() {
    step("verifyHandoverCompleteDelegate",
        execution -> execution.setVariable(Variable.ROTATION_NOT_BEFORE, Instant.now().plusSeconds(300).toString()));
    ProcessInstance migration = startAndHandOverEverything();
    assertThat(migration).isWaitingAt(DNS_CACHES_EXPIRED);
    assertThat(calls).doesNotContain("rotateMachineDeploymentsDelegate");
    assertThat(timer(DNS_CACHES_EXPIRED).getDuedate()).isAfter(Date.from(Instant.now().plusSeconds(290)));
  }

  @Test
  void verifiesOldLoadBalancersDeletedByHandAndAsksAgainWhenSomeRemain() {
    step("verifyOldLoadBalancersGoneDelegate", execution -> {
      throw new BpmnError(ErrorCode.OLD_LOAD_BALANCERS_REMAIN, "a8f3… still exists");
    });
    ProcessInstance migration = startAndHandOverEverything();
    complete(task(DECIDE_CLEANUP), withVariables(Variable.CLEANUP, "DELETED_BY_HAND"));
    drive();
    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);

    complete(task(DECIDE_CLEANUP), withVariables(Variable.CLEANUP, "KEEP"));
    drive();
    assertThat(migration).hasPassed(END_COMPLETED).isEnded();
    assertThat(calls).doesNotContain("deleteOldLoadBalancersDelegate");
  }

  // --- helpers

  private ProcessInstance start(Map<String, Object> extra) {
    Map<String, Object> variables = new LinkedHashMap<>(extra);
    variables.put(Variable.CLUSTER_ID, CLUSTER);
    variables.put(Variable.HANDOVERS, new LinkedHashMap<>(handovers));
    ProcessInstance instance = processEngine.getRuntimeService().startProcessInstanceByKey(MigrationProcess.KEY, CLUSTER, variables);
    drive();
    return instance;
  }

  /** Starts confirmed and completes every handover task; the instance then waits at whatever comes next. */
  private ProcessInstance startAndHandOverEverything() {
    ProcessInstance instance = start(Map.of(Variable.CONFIRMED, true));
    for (String key : List.of(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE)) {
      for (Task handover : taskQuery().taskDefinitionKey(key).list()) {
        complete(handover, withVariables(Variable.HANDOVER_DECISION, "DONE"));
      }
    }
    drive();
    return instance;
  }

  private void drive() {
    org.occmmigrator.testsupport.Jobs.drive(processEngine);
  }

  private void step(String bean, JavaDelegate behaviour) {
    Mocks.register(bean, (JavaDelegate) execution -> {
      Object service = execution.getVariable(Variable.SERVICE);
      calls.add(service == null ? bean : bean + " " + service);
      behaviour.execute(execution);
    });
  }

  private static JavaDelegate ready(boolean ready) {
    return execution -> {
      Object round = execution.getVariable(Variable.CHECK_ROUND);
      execution.setVariable(Variable.CHECK_ROUND, round instanceof Integer n ? n + 1 : 1);
      execution.setVariable(Variable.READY, ready);
    };
  }

  /** Every new load balancer is active: the handover runs over every service, with its IPs. */
  private JavaDelegate loadBalancersReady() {
    return execution -> {
      execution.setVariable(Variable.SERVICES_TO_HAND_OVER, new ArrayList<>(handovers.keySet()));
      var details = JSON("{}");
      handovers.keySet().forEach(service -> details.prop(service, JSON("{\"oldIp\":\"198.51.100.10\",\"newIp\":\"203.0.113.7\"}")));
      execution.setVariable(Variable.SERVICE_DETAILS, details);
      ready(true).execute(execution);
    };
  }

  private Task task(String key) {
    return taskQuery().taskDefinitionKey(key).list().get(0);
  }

  private List<String> taskNames() {
    return taskQuery().list().stream().map(Task::getName).toList();
  }

  private Job timer(String activityId) {
    return processEngine.getManagementService().createJobQuery().activityId(activityId).timers().singleResult();
  }

  private Object historicVariable(ProcessInstance instance, String name) {
    return processEngine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId()).variableName(name).singleResult().getValue();
  }

  private int lastIndexOf(String... prefixes) {
    int last = -1;
    for (int i = 0; i < calls.size(); i++) {
      for (String prefix : prefixes) {
        if (calls.get(i).startsWith(prefix)) {
          last = i;
        }
      }
    }
    return last;
  }
}
