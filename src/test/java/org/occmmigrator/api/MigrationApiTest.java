package org.occmmigrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.testsupport.KkpFixtures;
import org.occmmigrator.testsupport.ApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/** The migration API over HTTP, against a seed on fabric8's mock API server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class MigrationApiTest {

  static KubernetesMockServer seedServer;
  static KubernetesClient seedClient;

  @TestConfiguration
  static class Seed {
    @Bean
    @Primary
    SeedCluster testSeed() {
      return new SeedCluster(seedClient);
    }
  }

  @BeforeAll
  static void seed() {
    seedServer = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
        new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
    seedServer.init(java.net.InetAddress.getLoopbackAddress(), 0);
    seedClient = seedServer.createClient();
    KkpFixtures.serveClusters(seedClient, KkpFixtures.CURRENT_GROUP);
    KkpFixtures.createCluster(seedClient, KkpFixtures.CURRENT_GROUP, "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    KkpFixtures.createCluster(seedClient, KkpFixtures.CURRENT_GROUP, "munich", "1.21.14", "\"HealthStatusUp\"", false);
    KkpFixtures.createCluster(seedClient, KkpFixtures.CURRENT_GROUP, "newer", "1.22.3", "\"HealthStatusUp\"", false);
    KkpFixtures.createCluster(seedClient, KkpFixtures.CURRENT_GROUP, "done", "1.21.14", "\"HealthStatusUp\"", true);
  }

  @AfterAll
  static void stopSeed() {
    seedClient.close();
    seedServer.destroy();
  }

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void startsAMigrationAndReportsIt() throws Exception {
    HttpResponse<String> started = post("support", "{\"clusterId\":\"berlin\",\"handovers\":{\"shop/api\":\"MOVE_FIP\"}}");
    assertThat(started.statusCode()).isEqualTo(201);
    JsonNode migration = json.readTree(started.body());
    String id = migration.get("id").asText();
    assertThat(started.headers().firstValue("Location")).hasValue("/api/migrations/" + id);
    assertThat(migration.get("clusterId").asText()).isEqualTo("berlin");
    assertThat(migration.get("state").asText()).isEqualTo("RUNNING");
    assertThat(migration.get("currentSteps").toString()).contains("Check eligibility and take inventory");
    assertThat(migration.get("handovers").get("shop/api").asText()).isEqualTo("MOVE_FIP");
    assertThat(migration.get("links").get("cockpit").asText()).endsWith(id);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("berlin").count()).isEqualTo(1);

    JsonNode one = json.readTree(get("viewer", "/api/migrations/" + id).body());
    assertThat(one.get("id").asText()).isEqualTo(id);
    JsonNode list = json.readTree(get("viewer", "/api/migrations?clusterId=berlin&running=true").body());
    assertThat(list).hasSize(1);
  }

  @Test
  void refusesASecondMigrationOfTheSameClusterWith409() throws Exception {
    assertThat(post("support", "{\"clusterId\":\"munich\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> second = post("support", "{\"clusterId\":\"munich\"}");
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(second.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:migration-running");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("munich").count()).isEqualTo(1);
  }

  @Test
  void unknownClusterIs404() throws Exception {
    HttpResponse<String> response = post("support", "{\"clusterId\":\"nowhere\"}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json.readTree(response.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:cluster-not-found");
  }

  @Test
  void ineligibleClusterIs422WithTheReasonsAndStartsNothing() throws Exception {
    HttpResponse<String> newer = post("support", "{\"clusterId\":\"newer\"}");
    assertThat(newer.statusCode()).isEqualTo(422);
    assertThat(json.readTree(newer.body()).get("reasons").toString()).contains("Kubernetes 1.22.3 is not below the cut-off 1.22");
    HttpResponse<String> done = post("support", "{\"clusterId\":\"done\"}");
    assertThat(done.statusCode()).isEqualTo(422);
    assertThat(done.body()).contains("already enabled");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("newer").count()).isZero();
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("done").count()).isZero();
  }

  @Test
  void badInputIs400AndChangesNothing() throws Exception {
    long startedBefore = runtimeService.createProcessInstanceQuery().count();
    HttpResponse<String> response = post("support", "{\"clusterId\":\"Not A Cluster!\",\"handovers\":{\"x\":\"TELEPORT\"}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("errors").toString()).contains("TELEPORT", "DNS", "PIN_FIP", "MOVE_FIP");
    HttpResponse<String> badId = post("support", "{\"clusterId\":\"Not A Cluster!\"}");
    assertThat(json.readTree(badId.body()).get("errors").toString()).contains("clusterId");

    HttpResponse<String> malformed = post("support", "{\"clusterId\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(malformed.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:invalid-request");
    for (String bad : List.of("/api/migrations?size=0", "/api/migrations?size=201", "/api/migrations?page=-1",
        "/api/migrations?running=maybe")) {
      HttpResponse<String> refused = get("viewer", bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("type").asText()).as(bad).isEqualTo("urn:occm-migrator:problem:invalid-request");
    }
    assertThat(runtimeService.createProcessInstanceQuery().count()).as("nothing started").isEqualTo(startedBefore);
  }

  @Test
  void viewerMayReadButNotStart() throws Exception {
    HttpResponse<String> response = post("viewer", "{\"clusterId\":\"berlin\"}");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json.readTree(response.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:forbidden");
    assertThat(get("viewer", "/api/migrations").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownMigrationAndItsReportAre404() throws Exception {
    for (String path : List.of("/api/migrations/does-not-exist", "/api/migrations/does-not-exist/report")) {
      HttpResponse<String> response = get("viewer", path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(json.readTree(response.body()).get("type").asText()).isEqualTo("urn:occm-migrator:problem:migration-not-found");
    }
  }

  @Test
  void anonymousOrWrongPasswordIs401() throws Exception {
    // an unknown user: a wrong password for a real one would count towards its login lock
    assertThat(ApiClient.get(port, "nobody", "not the password", "/api/migrations").statusCode()).isEqualTo(401);
    assertThat(ApiClient.post(port, "nobody", "/api/migrations", "{\"clusterId\":\"berlin\"}").statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> post(String user, String body) throws Exception {
    return ApiClient.post(port, user, "/api/migrations", body);
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    return ApiClient.get(port, user, path);
  }
}
