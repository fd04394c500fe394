package org.occmmigrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.FilterService;
import org.junit.jupiter.api.Test;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.openstack.FaultInjector;
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
  @Autowired SandboxCloud sandbox;
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
    assertThat(plan.get("plan").get("occmClusterNames").toString()).as("KKP <= 2.20 keeps OCCM's default")
        .isEqualTo("[\"kubernetes\"]");
    assertThat(get("/api/clusters/berlin-shop/plan").get("plan").get("occmClusterNames").toString())
        .as("on kubermatic.k8c.io KKP's version decides").isEqualTo("[\"berlin-shop\",\"kubernetes\"]");
    JsonNode streaming = services.get(0).get("service").asText().equals("media/streaming") ? services.get(0) : services.get(1);
    assertThat(streaming.get("pinned").asBoolean()).as("spec.loadBalancerIP names its old FIP").isTrue();
    assertThat(get("/api/clusters").get(1).get("migrationState").asText()).isEqualTo("NOT_STARTED");

    assertThat(get("/api/clusters/cologne-new/plan").get("reasonsAgainstMigration").toString()).contains("cut-off");
  }

  @Test
  void pagesThroughTheClustersAndRefusesBadPagingWithAProblem() throws Exception {
    assertThat(get("/api/clusters?page=1&size=2").findValuesAsText("id")).containsExactly("cologne-new", "munich-done");
    for (String bad : List.of("/api/clusters?size=0", "/api/clusters?size=501", "/api/clusters?page=-1", "/api/clusters?page=x")) {
      HttpResponse<String> refused = send(bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(json.readTree(refused.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:invalid-request");
    }
    assertThat(json.readTree(send("/api/clusters?size=0").body()).get("errors").toString()).contains("size");
  }

  @Test
  void unknownClusterPlanIs404AndAnonymousCallersAre401() throws Exception {
    HttpResponse<String> unknown = send("/api/clusters/nowhere/plan");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:cluster-not-found");
    assertThat(ApiClient.get(port, "nobody", "wrong password", "/api/clusters").statusCode()).isEqualTo(401);
  }

  @Test
  void seedRefusingTheListIs502PlatformError() throws Exception {
    sandbox.seedFaults().add(FaultInjector.Rule.status("GET", "/apis/kubermatic.k8c.io/v1/clusters$", 403, 0));
    try {
      HttpResponse<String> refused = send("/api/clusters");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
      JsonNode problem = json.readTree(refused.body());
      assertThat(problem.get("type").asText()).isEqualTo("urn:occm-migrator:problem:platform-error");
      assertThat(problem.get("detail").asText()).contains("403");
    } finally {
      sandbox.seedFaults().clear();
    }
  }

  @Test
  void seedUnavailableIs503PlatformUnavailable() throws Exception {
    sandbox.seedFaults().add(FaultInjector.Rule.status("GET", "/apis/kubermatic.k8c.io/v1/clusters$", 503, 0));
    try {
      long started = System.nanoTime();
      HttpResponse<String> unavailable = send("/api/clusters");
      System.out.printf("cluster-api: seed answering 503 reported after %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
      assertThat(json.readTree(unavailable.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:platform-unavailable");
    } finally {
      sandbox.seedFaults().clear();
    }
  }

  @Test
  void openStackUnavailableDuringADryRunIs503() throws Exception {
    sandbox.openStack().faults().add(FaultInjector.Rule.status("GET", "/network/v2.0/", 503, 0));
    try {
      HttpResponse<String> unavailable = send("/api/clusters/berlin-shop/plan");
      assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
      assertThat(json.readTree(unavailable.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:openstack-unavailable");
    } finally {
      sandbox.openStack().faults().clear();
    }
  }

  @Test
  void openApiDocumentsEveryEndpointWithBasicAuthAndSwaggerUiServesIt() throws Exception {
    JsonNode api = get("/v3/api-docs");
    assertThat(api.get("components").get("securitySchemes").get("basicAuth").get("scheme").asText()).isEqualTo("basic");
    assertThat(api.get("security").toString()).contains("basicAuth");
    List<String> paths = new ArrayList<>();
    api.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).containsExactlyInAnyOrder("/api/migrations", "/api/migrations/{id}", "/api/migrations/{id}/report",
        "/api/migrations/{id}/audit", "/api/audit",
        "/api/clusters", "/api/clusters/{id}/plan");
    assertThat(api.get("paths").get("/api/clusters").get("get").get("parameters").findValuesAsText("name"))
        .containsExactly("page", "size");
    HttpResponse<String> swaggerUi = send("/swagger-ui/index.html");
    assertThat(swaggerUi.statusCode()).isEqualTo(200);
    assertThat(swaggerUi.body()).contains("swagger-ui");
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
