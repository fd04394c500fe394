package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.occmmigrator.sandbox.SandboxWorld.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.occmmigrator.sandbox.OccmCloudClient.Api;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The safety-cases platform (issue #10): a shared project, an OCCM name clash, Services the in-tree
 * provider never served, a loadBalancerIP that is no FIP, Octavia feature gaps, a static Machine.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxSafetyCasesTest {

  @TempDir Path workDir;
  SandboxWorld world;

  @BeforeEach
  void start() {
    world = new SandboxWorld("classpath:sandbox/safety-cases.yaml", workDir);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void clustersNamingOneProjectShareItsLoadBalancersAndFloatingIps() {
    SandboxCloud sandbox = world.sandbox;
    assertThat(sandbox.projectId("potsdam-media")).isEqualTo(sandbox.projectId("leipzig-media"))
        .isEqualTo(sandbox.projectId("dresden-media")).isEqualTo(sandbox.projectIdByName("media-shared"));
    world.awaitServedByOccm("leipzig-media", "media/streaming");
    String leipzigIp = world.ingressIp("leipzig-media", "media/streaming");

    assertThat(world.floatingIps("potsdam-media")).as("one project: every cluster's FIPs, seen with potsdam's credentials")
        .contains("198.51.100.40", "198.51.100.43", leipzigIp);
    JsonNode leipzigLb = world.octaviaLoadBalancer("potsdam-media", world.occmLoadBalancerId("leipzig-media", "media/streaming"));
    assertThat(leipzigLb.path("name").asText()).as("KKP 2.21: OCCM keeps the cluster name kubernetes")
        .isEqualTo("kube_service_kubernetes_media_streaming");
    assertThat(world.clusterObject("potsdam-media").getAdditionalProperties().toString())
        .contains("network=kubernetes-media-shared");
  }

  @Test
  void servicesCarryProtocolsTrafficPolicySourceRangesAndTheirInTreeState() {
    var dns = world.service("potsdam-media", "media/dns");
    assertThat(dns.getSpec().getPorts()).extracting(ServicePort::getProtocol, ServicePort::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("UDP", 53), org.assertj.core.groups.Tuple.tuple("TCP", 53));
    var ingest = world.service("potsdam-media", "media/ingest");
    assertThat(ingest.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    assertThat(ingest.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
    assertThat(world.service("potsdam-media", "media/legacy-vip").getSpec().getLoadBalancerIP()).isEqualTo("10.0.0.77");

    var controllers = world.sandbox.openStack().controllers();
    for (String pending : List.of("media/dns", "media/waiting")) {
      assertThat(world.ingressIp("potsdam-media", pending)).as(pending + " has no ingress IP").isNull();
      assertThat(controllers.legacyLoadBalancer(InTreeProviderSimulation.legacyName(world.service("potsdam-media", pending))))
          .as(pending + " has no old LB").isEmpty();
    }
    world.rounds(3);
    assertThat(world.ingressIp("potsdam-media", "media/dns")).as("the in-tree provider keeps refusing UDP").isNull();

    var streamingLb = controllers.legacyLoadBalancer(InTreeProviderSimulation.legacyName(
        world.service("potsdam-media", "media/streaming"))).orElseThrow();
    assertThat(controllers.floatingIpOnPort(streamingLb.vipPortId())).contains("198.51.100.40");
    assertThat(world.ingressIp("potsdam-media", "media/streaming")).isEqualTo("198.51.100.40");
    var cacheLb = controllers.legacyLoadBalancer(InTreeProviderSimulation.legacyName(
        world.service("potsdam-media", "media/cache"))).orElseThrow();
    assertThat(world.ingressIp("potsdam-media", "media/cache")).as("internal: the old LB's VIP").isEqualTo(cacheLb.vipAddress());
    assertThat(controllers.floatingIpOnPort(cacheLb.vipPortId())).isEmpty();
  }

  @Test
  void occmOnOldKkpTakesOverTheLoadBalancerAnotherClusterOwnsUnderItsName() {
    world.awaitServedByOccm("leipzig-media", "media/streaming");
    String leipzigLb = world.occmLoadBalancerId("leipzig-media", "media/streaming");
    String leipzigIp = world.ingressIp("leipzig-media", "media/streaming");

    world.trigger("potsdam-media");
    world.awaitServedByOccm("potsdam-media", "media/streaming");

    assertThat(world.clusterObject("potsdam-media").getAdditionalProperties().toString())
        .as("KKP 2.21's webhook sets no ccmClusterName").doesNotContain("ccmClusterName=true");
    assertThat(world.occmLoadBalancerId("potsdam-media", "media/streaming")).as("the same load balancer")
        .isEqualTo(leipzigLb);
    assertThat(world.ingressIp("potsdam-media", "media/streaming")).as("and leipzig's customer IP").isEqualTo(leipzigIp);
  }

  @Test
  void occmOnKkp222NamesLoadBalancersAfterTheClusterSoNothingClashes() {
    world.trigger("dresden-media");
    world.awaitServedByOccm("dresden-media", "media/streaming");
    assertThat(world.clusterObject("dresden-media").getAdditionalProperties().toString()).contains("ccmClusterName=true");
    assertThat(world.octaviaLoadBalancer("dresden-media", world.occmLoadBalancerId("dresden-media", "media/streaming"))
        .path("name").asText()).isEqualTo("kube_service_dresden-media_media_streaming");
  }

  @Test
  void occmNeverAttachesALoadBalancerIpThatIsNoFloatingIpAndServesTheOtherServices(CapturedOutput log) {
    world.trigger("potsdam-media");
    for (String served : List.of("media/ingest", "media/dns", "media/waiting", "media/cache")) {
      world.awaitServedByOccm("potsdam-media", served);
    }
    world.rounds(5);

    assertThat(world.occmLoadBalancerId("potsdam-media", "media/legacy-vip")).isNull();
    assertThat(world.ingressIp("potsdam-media", "media/legacy-vip")).as("the status stays the in-tree one")
        .isEqualTo("198.51.100.42");
    assertThat(world.floatingIps("potsdam-media")).doesNotContain("10.0.0.77");
    assertThat(world.ingressIp("potsdam-media", "media/waiting")).as("a pending Service gets its first IP from OCCM")
        .startsWith("198.51.100.");
    String warning = "Sandbox OCCM (potsdam-media): media/legacy-vip not served";
    assertThat(log.getAll()).contains(warning).contains("not a valid IP for any of the subnets");
    assertThat(log.getAll().split(java.util.regex.Pattern.quote(warning), -1)).as("logged once, not every round").hasSize(2);
  }

  @Test
  void occmBuildsAListenerPerProtocolAHealthMonitorForLocalAndAllowedCidrs() {
    world.trigger("potsdam-media");
    world.awaitServedByOccm("potsdam-media", "media/dns");
    world.awaitServedByOccm("potsdam-media", "media/ingest");
    OccmCloudClient cloud = world.cloudOf("potsdam-media");

    List<String> dnsListeners = new ArrayList<>();
    for (JsonNode listener : listeners(cloud, world.occmLoadBalancerId("potsdam-media", "media/dns"))) {
      dnsListeners.add(listener.path("protocol").asText() + "/" + listener.path("protocol_port").asInt());
    }
    assertThat(dnsListeners).containsExactlyInAnyOrder("UDP/53", "TCP/53");

    JsonNode ingest = listeners(cloud, world.occmLoadBalancerId("potsdam-media", "media/ingest")).get(0);
    assertThat(ingest.path("allowed_cidrs").get(0).asText()).isEqualTo("203.0.113.0/24");
    JsonNode pool = cloud.get(Api.LOAD_BALANCER, "/lbaas/pools/" + ingest.path("default_pool_id").asText()).path("pool");
    assertThat(pool.path("healthmonitor_id").asText()).as("externalTrafficPolicy Local gets a health monitor").isNotBlank();
  }

  @Test
  void aStaticMachineKeepsTheKubeletMigrationFromCompletingUntilItCarriesTheFlag() {
    var machines = world.sandbox.userClusterClient("potsdam-media").genericKubernetesResources(SandboxCluster.MACHINES)
        .inNamespace("kube-system");
    GenericKubernetesResource pet = machines.withName("static-worker-1").get();
    assertThat(pet.getMetadata().getOwnerReferences()).isEmpty();
    var owned = machines.list().getItems().stream().filter(m -> !m.getMetadata().getName().equals("static-worker-1")).toList();
    assertThat(owned).hasSize(2).allSatisfy(machine -> {
      var owner = machine.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getKind()).isEqualTo("MachineSet");
      var set = world.sandbox.userClusterClient("potsdam-media").genericKubernetesResources(SandboxCluster.MACHINE_SETS)
          .inNamespace("kube-system").withName(owner.getName()).get();
      assertThat(set.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("MachineDeployment");
      assertThat(set.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("workers");
    });

    world.trigger("potsdam-media");
    world.awaitServedByOccm("potsdam-media", "media/streaming");
    world.sandbox.userClusterClient("potsdam-media").genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS)
        .inNamespace("kube-system").withName("workers").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"forceRestart\":\"1\"}}}}}");
    await("the workers are rotated and flagged", () -> machines.list().getItems().stream()
        .filter(m -> !m.getMetadata().getName().equals("static-worker-1")).allMatch(m -> m.getMetadata().getAnnotations()
            .containsKey(PlatformSeeder.KUBELET_FLAG)) && machines.list().getItems().size() == 3);
    world.rounds(5);

    assertThat(machines.withName("static-worker-1").get()).as("never replaced").isNotNull();
    assertThat(world.kubeletCondition("potsdam-media")).isEqualTo("False");

    machines.withName("static-worker-1").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + PlatformSeeder.KUBELET_FLAG + "\":\"true\"}}}");
    await("completed once the static Machine carries the flag", () -> "True".equals(world.kubeletCondition("potsdam-media")));
  }

  private static List<JsonNode> listeners(OccmCloudClient cloud, String lbId) {
    List<JsonNode> listeners = new ArrayList<>();
    for (JsonNode ref : cloud.get(Api.LOAD_BALANCER, "/lbaas/loadbalancers/" + lbId).path("loadbalancer").path("listeners")) {
      listeners.add(cloud.get(Api.LOAD_BALANCER, "/lbaas/listeners/" + ref.path("id").asText()).path("listener"));
    }
    return listeners;
  }
}
