package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.occmmigrator.sandbox.SandboxWorld.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.occmmigrator.sandbox.OccmCloudClient.Api;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Changing the sandbox world while a migration runs, over the /_sandbox HTTP API, on the demo platform. */
@ExtendWith(OutputCaptureExtension.class)
class SandboxRuntimeApiTest {

  @TempDir Path workDir;
  SandboxWorld world;

  @BeforeEach
  void start() {
    world = new SandboxWorld("sandbox/demo-clusters.yaml", workDir);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aServiceCreatedBeforeTheTriggerGetsItsInTreeLoadBalancerAndFloatingIp() throws Exception {
    var created = world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"search\",\"ports\":[80],\"nodePort\":30081,\"oldIp\":\"198.51.100.50\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode service = world.json(created);
    assertThat(service.path("ingressIp").asText()).isEqualTo("198.51.100.50");
    assertThat(service.path("oldLoadBalancerName").asText()).hasSize(32).startsWith("a");

    var old = world.sandbox.openStack().controllers().legacyLoadBalancer(service.path("oldLoadBalancerName").asText())
        .orElseThrow();
    assertThat(old.id()).isEqualTo(service.path("oldLoadBalancerId").asText());
    assertThat(world.sandbox.openStack().controllers().floatingIpOnPort(old.vipPortId())).contains("198.51.100.50");
    assertThat(world.sandbox.openStack().dataPlane("198.51.100.50", 80).served()).as("the old LB forwards to the nodes")
        .isTrue();

    var allocated = world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"search-2\",\"ports\":[80],\"nodePort\":30082}");
    assertThat(world.json(allocated).path("ingressIp").asText()).as("without oldIp: a new address")
        .startsWith("198.51.100.").isNotIn("198.51.100.20", "198.51.100.21", "198.51.100.22", "198.51.100.50");
  }

  @Test
  void afterTheTriggerANewServiceGetsNoInTreeLoadBalancerAndOccmServesIt() throws Exception {
    world.trigger("berlin-shop");
    world.awaitServedByOccm("berlin-shop", "shop/api");
    var created = world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"late\",\"ports\":[80],\"nodePort\":30083}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(world.json(created).path("oldLoadBalancerId").isNull()).as("the in-tree controller is stopped").isTrue();
    assertThat(world.json(created).path("ingressIp").isNull()).isTrue();

    world.awaitServedByOccm("berlin-shop", "shop/late");
    assertThat(world.octaviaLoadBalancer("berlin-shop", world.occmLoadBalancerId("berlin-shop", "shop/late")).path("name")
        .asText()).isEqualTo("kube_service_berlin-shop_shop_late");
    var refused = world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"late-2\",\"ports\":[80],\"oldIp\":\"198.51.100.51\"}");
    assertThat(refused.statusCode()).as("no in-tree IP after the trigger").isEqualTo(400);
  }

  @Test
  void deletingAServiceBeforeTheTriggerDeletesItsOldLoadBalancerAndFloatingIp() throws Exception {
    String legacyName = InTreeProviderSimulation.legacyName(world.service("berlin-shop", "shop/api"));
    var deleted = world.call("DELETE", "/_sandbox/clusters/berlin-shop/services/shop/api", null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    await("the in-tree provider deleted the old LB", () -> world.sandbox.openStack().controllers()
        .legacyLoadBalancer(legacyName).isEmpty());
    assertThat(world.floatingIps("berlin-shop")).doesNotContain("198.51.100.21").contains("198.51.100.20");
  }

  @Test
  void deletingAServiceAfterTheTriggerLeavesTheOldLoadBalancerAndOccmDeletesWhatItMade() throws Exception {
    String legacyName = InTreeProviderSimulation.legacyName(world.service("berlin-shop", "shop/api"));
    world.trigger("berlin-shop");
    world.awaitServedByOccm("berlin-shop", "shop/api");
    String occmLb = world.occmLoadBalancerId("berlin-shop", "shop/api");
    String occmIp = world.ingressIp("berlin-shop", "shop/api");

    assertThat(world.call("DELETE", "/_sandbox/clusters/berlin-shop/services/shop/api", null).statusCode()).isEqualTo(204);
    await("OCCM deleted its FIP", () -> !world.floatingIps("berlin-shop").contains(occmIp));
    await("and its load balancer", () -> {
      try {
        world.octaviaLoadBalancer("berlin-shop", occmLb);
        return false;
      } catch (OccmCloudClient.CallFailed gone) {
        return gone.status == 404;
      }
    });
    world.rounds(3);
    assertThat(world.sandbox.openStack().controllers().legacyLoadBalancer(legacyName)).as("nobody deletes the old LB")
        .isPresent();
    assertThat(world.floatingIps("berlin-shop")).as("nor its FIP").contains("198.51.100.21");
  }

  @Test
  void aPatchChangesTheServiceAsKubectlWould() throws Exception {
    var patched = world.call("PATCH", "/_sandbox/clusters/hamburg-media/services/media/streaming",
        "{\"spec\":{\"loadBalancerIP\":null,\"ports\":[{\"name\":\"https\",\"port\":8443,\"protocol\":\"TCP\","
            + "\"nodePort\":30445}]},\"metadata\":{\"annotations\":{\"team\":\"video\"}}}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    var service = world.service("hamburg-media", "media/streaming");
    assertThat(service.getSpec().getLoadBalancerIP()).isNull();
    assertThat(service.getSpec().getPorts()).as("arrays are replaced").singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(8443));
    assertThat(service.getMetadata().getAnnotations()).containsEntry("team", "video");
    assertThat(world.ingressIp("hamburg-media", "media/streaming")).as("the status stays").isEqualTo("198.51.100.30");
  }

  /** The example of issue #10 §1, placed by hand; the real harm it shows: OCCM reuses another cluster's LB and IP. */
  @Test
  void occmTakesOverAForeignLoadBalancerOfItsNameWithTheForeignFloatingIp() throws Exception {
    var placed = world.call("POST", "/_sandbox/projects/hamburg-media/load-balancers",
        "{\"namespace\":\"media\",\"service\":\"streaming\",\"ports\":[443]}");
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    JsonNode foreign = world.json(placed);
    assertThat(foreign.path("name").asText()).isEqualTo("kube_service_kubernetes_media_streaming");
    String foreignIp = foreign.path("floatingIp").asText();
    JsonNode fip = world.cloudOf("hamburg-media").get(Api.NETWORK, "/floatingips?floating_ip_address=" + foreignIp)
        .path("floatingips").get(0);
    assertThat(fip.path("description").asText())
        .isEqualTo("Floating IP for Kubernetes external service media/streaming from cluster kubernetes");
    assertThat(fip.path("port_id").asText()).isEqualTo(foreign.path("vipPortId").asText());
    assertThat(world.sandbox.openStack().dataPlane(foreignIp, 443).members()).as("the other cluster's nodes")
        .containsExactlyInAnyOrder("10.99.0.10", "10.99.0.11");

    world.trigger("hamburg-media");
    world.awaitServedByOccm("hamburg-media", "media/streaming");
    assertThat(world.occmLoadBalancerId("hamburg-media", "media/streaming")).isEqualTo(foreign.path("id").asText());
    assertThat(world.ingressIp("hamburg-media", "media/streaming")).isEqualTo(foreignIp);
    assertThat(world.sandbox.openStack().dataPlane(foreignIp, 443).members()).as("now forwarding to hamburg's nodes")
        .noneMatch(member -> member.startsWith("10.99."));
  }

  @Test
  void aLoadBalancerQuotaOfZeroKeepsOccmFromCreatingOneUntilItIsRaised(CapturedOutput log) throws Exception {
    assertThat(world.call("PUT", "/_sandbox/projects/berlin-shop/quotas", "{\"loadBalancers\":0}").statusCode())
        .isEqualTo(200);
    world.trigger("berlin-shop");
    await("OCCM runs and is refused", () -> log.getAll().contains("Quota has been met"));
    world.rounds(3);
    assertThat(world.occmLoadBalancerId("berlin-shop", "shop/api")).isNull();
    assertThat(world.ingressIp("berlin-shop", "shop/api")).as("the old IP stays in the status").isEqualTo("198.51.100.21");
    assertThat(log.getAll()).contains("Sandbox OCCM (berlin-shop): shop/api not served: POST /load-balancer/v2/lbaas/"
        + "loadbalancers: HTTP 403 Quota has been met for resources: LoadBalancer");

    world.call("PUT", "/_sandbox/projects/berlin-shop/quotas", "{\"loadBalancers\":10}");
    world.awaitServedByOccm("berlin-shop", "shop/api");
    assertThat(log.getAll()).contains("Sandbox OCCM (berlin-shop): shop/api reconciled again");
  }

  @Test
  void aFaultInjectedOnOctaviaHoldsOccmBackUntilItIsCleared() {
    world.sandbox.openStack().faults().add(FaultInjector.Rule.status("POST", "^/load-balancer/v2/lbaas/loadbalancers$",
        503, 0));
    world.trigger("berlin-shop");
    await("the fault reached OCCM", () -> world.sandbox.openStack().faults().fired() >= 3);
    world.rounds(3);
    assertThat(world.occmLoadBalancerId("berlin-shop", "shop/api")).isNull();

    world.sandbox.openStack().faults().clear();
    world.awaitServedByOccm("berlin-shop", "shop/api");
  }

  @Test
  void aFailingClusterDoesNotStopTheOthers() {
    world.sandbox.seedFaults().add(FaultInjector.Rule.status("GET", "/clusters/hamburg-media$", 503, 0));
    world.trigger("berlin-shop");
    world.awaitServedByOccm("berlin-shop", "shop/api");
  }

  @Test
  void refusesUnknownClustersExistingServicesAndBadRequests() throws Exception {
    assertThat(world.call("GET", "/_sandbox/clusters/nowhere", null).statusCode()).isEqualTo(404);
    assertThat(world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"api\",\"ports\":[443]}").statusCode()).isEqualTo(409);
    assertThat(world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"x\",\"ports\":[80],\"oldIp\":\"198.51.100.20\"}").statusCode())
        .as("an IP in use").isEqualTo(409);
    var typo = world.call("POST", "/_sandbox/clusters/berlin-shop/services",
        "{\"namespace\":\"shop\",\"name\":\"x\",\"port\":[80]}");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(world.json(typo).path("message").asText()).contains("port");
    assertThat(world.call("PUT", "/_sandbox/projects/nowhere/quotas", "{\"loadBalancers\":1}").statusCode()).isEqualTo(404);
    JsonNode cluster = world.json(world.call("GET", "/_sandbox/clusters/hamburg-media", null));
    assertThat(cluster.path("phase").asText()).isEqualTo("IN_TREE");
    assertThat(cluster.path("kkpVersion").asText()).isEqualTo("2.20");
  }
}
