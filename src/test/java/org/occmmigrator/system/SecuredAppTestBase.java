package org.occmmigrator.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.testsupport.ApiClient;
import org.occmmigrator.testsupport.KkpFixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application with the demo users and a seed on fabric8's mock API server (clusters berlin, munich, hamburg
 * eligible; newer on 1.22: not eligible), shared by the security suites (one Spring context for all of them).
 * Migrations are put where a test needs them with the engine's Java API as an administrator would; the attacks
 * then go over HTTP as the demo users. Every test's migrations are deleted after it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@Import(SecuredAppTestBase.Seed.class)
abstract class SecuredAppTestBase {

  static final KubernetesMockServer SEED_SERVER;
  static final KubernetesClient SEED_CLIENT;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static {
    SEED_SERVER = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    SEED_SERVER.init(InetAddress.getLoopbackAddress(), 0);
    SEED_CLIENT = SEED_SERVER.createClient();
    KkpFixtures.serveClusters(SEED_CLIENT, KkpFixtures.CURRENT_GROUP);
    for (String id : new String[] {"berlin", "munich", "hamburg"}) {
      KkpFixtures.createCluster(SEED_CLIENT, KkpFixtures.CURRENT_GROUP, id, "1.21.14", "\"HealthStatusUp\"", false);
    }
    KkpFixtures.createCluster(SEED_CLIENT, KkpFixtures.CURRENT_GROUP, "newer", "1.22.3", "\"HealthStatusUp\"", false);
  }

  @TestConfiguration
  static class Seed {
    @Bean
    @Primary
    SeedCluster testSeed() {
      return new SeedCluster(SEED_CLIENT);
    }
  }

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  final ObjectMapper json = new ObjectMapper();

  @Autowired ProcessEngine processEngine;

  @AfterEach
  void deleteMigrations() {
    runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY).list()
        .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test over"));
  }

  /** A migration of the cluster put right before the element (the start event's checks are not run). */
  ProcessInstance migrationAt(String clusterId, String elementId, Map<String, Object> variables) {
    Map<String, Object> all = new HashMap<>(variables);
    all.put(MigrationProcess.Variable.CLUSTER_ID, clusterId);
    return runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).businessKey(clusterId)
        .setVariables(all).startBeforeActivity(elementId).execute();
  }

  Task openTask(String processInstanceId) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
  }

  /** A request as the user (demo password) with a JSON body (null: none). */
  HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").method(method, publisher);
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + ApiClient.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The engine REST body of a task answer: {"variables": {name: {"value": value}}}. */
  String answer(Map<String, Object> values) throws Exception {
    Map<String, Object> variables = new HashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return json.writeValueAsString(Map.of("variables", variables));
  }

  JsonNode body(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  /** The problem type's last part ("forbidden", "invalid-request", …). */
  String problemType(HttpResponse<String> response) throws Exception {
    return body(response).path("type").asText().replace("urn:occm-migrator:problem:", "");
  }
}
