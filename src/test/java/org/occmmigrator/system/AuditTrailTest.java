package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess.Element;

/** Who answered which task with which values, and every refused attempt, readable by viewers. */
class AuditTrailTest extends SecuredAppTestBase {

  @Test
  void viewersReadWhoAnsweredWhatAndEveryRefusedAttempt() throws Exception {
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String task = "/engine-rest/task/" + openTask(migration.getId()).getId();
    send("support", "POST", task + "/complete", answer(Map.of("decision", "WAIT_LONGR", "handovers", "{\"shop/api\":\"ADOPTED\"}")));
    send("support", "PUT", "/engine-rest/process-instance/" + migration.getId() + "/variables/handovers", "{\"value\":\"x\"}");
    assertThat(send("support", "POST", task + "/complete", answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(204);

    HttpResponse<String> audit = send("viewer", "GET", "/api/migrations/" + migration.getId() + "/audit", null);
    assertThat(audit.statusCode()).isEqualTo(200);
    List<JsonNode> entries = new ArrayList<>();
    body(audit).forEach(entries::add);
    assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("REFUSED", "REFUSED", "ANSWERED");
    JsonNode refusedAnswer = entries.get(0);
    assertThat(refusedAnswer.get("user").asText()).isEqualTo("support");
    assertThat(refusedAnswer.get("step").asText()).isEqualTo(Element.HANDLE_STALLED_CONTROL_PLANE);
    assertThat(refusedAnswer.get("status").asInt()).isEqualTo(400);
    assertThat(refusedAnswer.get("values").get("decision").asText()).isEqualTo("WAIT_LONGR");
    assertThat(refusedAnswer.get("values").get("handovers").asText()).as("no value of a field the form lacks")
        .isEqualTo("(not a field of this form)");
    assertThat(entries.get(1).get("request").asText()).startsWith("PUT engine-rest /process-instance/");
    assertThat(entries.get(1).get("status").asInt()).isEqualTo(403);
    JsonNode answered = entries.get(2);
    assertThat(answered.get("user").asText()).isEqualTo("support");
    assertThat(answered.get("values").get("decision").asText()).isEqualTo("MANUAL");
    assertThat(answered.get("taskId").asText()).isEqualTo(refusedAnswer.get("taskId").asText());
  }

  @Test
  void startsAndRefusedStartsAreInTheAuditLog() throws Exception {
    HttpResponse<String> started = send("support", "POST", "/api/migrations", "{\"clusterId\":\"munich\",\"confirmed\":true}");
    String id = body(started).get("id").asText();
    send("support", "POST", "/api/migrations", "{\"clusterId\":\"munich\"}");
    send("viewer", "POST", "/api/migrations", "{\"clusterId\":\"hamburg\"}");

    JsonNode mine = body(send("viewer", "GET", "/api/migrations/" + id + "/audit", null));
    assertThat(mine.get(0).get("action").asText()).isEqualTo("STARTED");
    assertThat(mine.get(0).get("values").get("confirmed").asBoolean()).isTrue();
    JsonNode all = body(send("viewer", "GET", "/api/audit?size=10", null));
    List<String> lines = new ArrayList<>();
    all.forEach(e -> lines.add(e.get("user").asText() + " " + e.get("action").asText() + " " + e.get("status").asInt()));
    assertThat(lines).contains("support REFUSED 409", "viewer REFUSED 403", "support STARTED 201");
  }
}
