package org.occmmigrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.FilterService;
import org.junit.jupiter.api.Test;
import org.occmmigrator.testsupport.ApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The cluster list and the dry-run plan, on the sandbox's demo platform. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"occm.sandbox.tick=PT0.2S", "occm.data-dir=target/cluster-api-data"})
@ActiveProfiles({"test", "demo", "sandbox"})
class ClusterApiTest {

  @LocalServerPort int port;
  @Autowired FilterService filterService;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void listsClustersMostUrgentFirstForViewers() throws Exception {
    JsonNode clusters = get("/api/clusters");
    List<String> order = new ArrayList<>();
    clusters.forEach(c -> order.add(c.get("id").asText() + ":" + c.get("migrationState").asText()));
    assertThat(order).containsExactly("berlin-shop:NOT_STARTED", "hamburg-media:NOT_STARTED", "cologne-new:NOT_STARTED",
        "munich-done:DONE", "frankfurt-aws:UNSUPPORTED");
    assertThat(clusters.get(2).get("reasonsAgainstMigration").toString()).contains("not below the cut-off 1.22");
  }

  @Test
  void dryRunShowsThePlanAndChangesNothing() throws Exception {
    JsonNode plan = get("/api/clusters/hamburg-media/plan");
    assertThat(plan.get("reasonsAgainstMigration")).isEmpty();
    JsonNode services = plan.get("plan").get("services");
    assertThat(services.findValuesAsText("service")).containsExactlyInAnyOrder("media/streaming", "media/transcoder");
    assertThat(plan.get("plan").get("occmClusterName").asText()).as("KKP <= 2.20 keeps OCCM's default").isEqualTo("kubernetes");
    JsonNode streaming = services.get(0).get("service").asText().equals("media/streaming") ? services.get(0) : services.get(1);
    assertThat(streaming.get("pinned").asBoolean()).as("spec.loadBalancerIP names its old FIP").isTrue();
    assertThat(get("/api/clusters").get(1).get("migrationState").asText()).isEqualTo("NOT_STARTED");

    HttpResponse<String> unknown = send("/api/clusters/nowhere/plan");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(get("/api/clusters/cologne-new/plan").get("reasonsAgainstMigration").toString()).contains("cut-off");
  }

  @Test
  void tasklistFiltersExistForSupportEngineers() {
    assertThat(filterService.createTaskFilterQuery().list()).extracting(f -> f.getName())
        .contains("Handover tasks", "Escalations", "All migration tasks");
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private HttpResponse<String> send(String path) throws Exception {
    return ApiClient.get(port, "viewer", path);
  }
}
