package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Utils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.DemoPlatform;
import org.occmmigrator.testsupport.ApplicationLog;
import org.occmmigrator.testsupport.MigrationDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The two examples of issue #10, end to end on the sandbox through the REST APIs: a load balancer of another
 * cluster that carries this cluster's OCCM name, and a LoadBalancer Service that appears while the confirmation
 * waits. In both the customer's traffic must come out unharmed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "occm.data-dir=target/safety-e2e-data")
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@ExtendWith(OutputCaptureExtension.class)
class SafetyEndToEndTest {

  private static final ResourceDefinitionContext K8S_CLUSTERS = new ResourceDefinitionContext.Builder()
      .withGroup("kubermatic.k8s.io").withVersion("v1").withKind("Cluster").withPlural("clusters").build();
  private static final ResourceDefinitionContext K8C_CLUSTERS = new ResourceDefinitionContext.Builder()
      .withGroup("kubermatic.k8c.io").withVersion("v1").withKind("Cluster").withPlural("clusters").build();

  @LocalServerPort int port;
  @Autowired SandboxCloud sandbox;
  private final ObjectMapper json = new ObjectMapper();

  /** Both refusals are paths of the process, not failures: nothing is logged at ERROR. */
  @AfterEach
  void noErrorInTheLog(CapturedOutput log) {
    ApplicationLog.assertNoUnexpectedErrors(log, List.of());
  }

  @Test
  void anotherClustersLoadBalancerWithThisClustersOccmNameStopsTheMigrationBeforeTheTrigger() throws Exception {
    var driver = new MigrationDriver(port);
    var foreign = sandbox.createForeignLoadBalancer("hamburg-media", new SandboxCloud.ForeignLoadBalancerRequest(
        "kubernetes", "media", "streaming", List.of(443), 30444, null, null, true));
    String foreignFip = foreign.floatingIp();
    var controllers = sandbox.openStack().controllers();

    JsonNode plan = json.readTree(driver.get("/api/clusters/hamburg-media/plan").body());
    assertThat(plan.get("reasonsAgainstMigration").toString()).contains("kube_service_kubernetes_media_streaming")
        .contains("unique OCCM cluster name");

    var refused = driver.start("{\"clusterId\":\"hamburg-media\",\"confirmed\":true}");
    assertThat(refused.statusCode()).as("refused before anything is created").isEqualTo(422);
    assertThat(refused.body()).contains("not-eligible").contains("kube_service_kubernetes_media_streaming");
    assertThat(driver.get("/api/migrations?clusterId=hamburg-media").body()).isEqualTo("[]");

    GenericKubernetesResource cluster = sandbox.seedClient().genericKubernetesResources(K8S_CLUSTERS)
        .withName("hamburg-media").get();
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(cluster))
        .doesNotContain("\"externalCloudProvider\":true");
    assertThat(controllers.portOfFloatingIp(foreignFip)).as("the other cluster's IP stays on its LB")
        .contains(foreign.vipPortId());
    assertThat(sandbox.openStack().dataPlane("198.51.100.30", 443).served()).as("hamburg-media's own IP").isTrue();
  }

  @Test
  void aServiceCreatedWhileTheConfirmationWaitsIsShownToTheEngineerAndHandedOver() throws Exception {
    var driver = new MigrationDriver(port);
    String id = driver.id(driver.start("{\"clusterId\":\"berlin-shop\"}"));
    JsonNode confirmation = driver.awaitTasks(id, 1).get(0);

    // the customer deploys a new LoadBalancer Service; the in-tree provider still serves it with a Neutron LB and FIP
    sandbox.createService("berlin-shop", new DemoPlatform.Service("shop", "late", List.of(new DemoPlatform.Port(8080,
        "TCP", 31080)), 31080, "198.51.100.29", null, false, false, null, null, null));

    driver.complete(confirmation.get("id").asText(), Map.of("confirmed", true));
    JsonNode again = awaitConfirmation(driver, id, confirmation.get("id").asText());
    assertThat(driver.text(again.get("id").asText(), "planChanges")).contains("new since the plan: shop/late")
        .contains("198.51.100.29");
    assertThat(driver.text(again.get("id").asText(), "planSummary")).contains("shop/late");
    assertThat(driver.migration(id).get("planChanges").toString()).as("the API shows the difference too")
        .contains("new since the plan: shop/late");
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(sandbox.seedClient()
        .genericKubernetesResources(K8C_CLUSTERS).withName("berlin-shop").get()))
        .as("not triggered on a stale plan").doesNotContain("\"externalCloudProvider\":true");

    driver.complete(again.get("id").asText(), Map.of("confirmed", true));
    List<JsonNode> handovers = driver.awaitTasks(id, 4);
    assertThat(MigrationDriver.names(handovers)).contains("Switch DNS of shop/late — cluster berlin-shop");
    for (JsonNode task : handovers) {
      driver.complete(task.get("id").asText(), Map.of("handoverDecision", "DONE"));
    }
    JsonNode cleanup = driver.awaitTasks(id, 1).get(0);
    assertThat(cleanup.get("taskDefinitionKey").asText()).isEqualTo("Task_DecideCleanup");
    driver.complete(cleanup.get("id").asText(), Map.of("cleanup", "DELETE_NOW"));
    driver.awaitState(id, "COMPLETED");
    Instant deleted = Instant.now().plus(Duration.ofSeconds(5));
    while (sandbox.openStack().events("loadbalancer.deleted").size() < 4 && Instant.now().isBefore(deleted)) {
      MigrationDriver.sleep(50);
    }
    assertThat(sandbox.openStack().events("loadbalancer.deleted")).as("shop/late's old LB is cleaned up too").hasSize(4);
    JsonNode report = json.readTree(driver.get("/api/migrations/" + id + "/report").body());
    assertThat(report.get("services").toString()).contains("shop/late");
    assertThat(report.get("extras").get("leftBehind").asText()).isEqualTo("[]");
  }

  private JsonNode awaitConfirmation(MigrationDriver driver, String id, String previousTaskId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode task : driver.awaitTasks(id, 1)) {
        if (task.get("taskDefinitionKey").asText().equals("Task_ConfirmMigration")
            && !task.get("id").asText().equals(previousTaskId)) {
          return task;
        }
      }
      MigrationDriver.sleep(100);
    }
    throw new AssertionError("the confirmation did not come back: " + driver.migration(id));
  }
}
