package org.occmmigrator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.Utils;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.occmmigrator.openstack.LoadBalancerServing;
import org.occmmigrator.openstack.OpenStackPermanentException;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.DemoPlatform;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The safety contract of issue #10 at the level of the step services, against the sandbox cloud (OpenStack emulator
 * over HTTP, fabric8 mock API servers): every refusing path of ownership, re-verification, preflight and cleanup.
 * Each test changes the world of one cluster and restores it, or uses a cluster no other test here plans.
 */
@SpringBootTest(properties = {"occm.data-dir=target/safety-data", "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyContractTest {

  private static final ResourceDefinitionContext MACHINES = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("Machine").withPlural("machines")
      .withNamespaced(true).build();

  @Autowired SandboxCloud sandbox;
  @Autowired MigrationPlanning planning;
  @Autowired LoadBalancerSteps loadBalancers;
  @Autowired HandoverSteps handover;
  @Autowired CleanupSteps cleanup;
  @Autowired ControlPlaneSteps controlPlane;

  // --- 1. ownership

  @Test
  void refusesWhenAnotherClusterOwnsTheOccmNameAndNeverTakesItsLoadBalancer() {
    // a second cluster of hamburg-media's project on old KKP: its OCCM already created the LB OCCM would name so
    var foreign = sandbox.createForeignLoadBalancer("hamburg-media", new SandboxCloud.ForeignLoadBalancerRequest(
        "kubernetes", "media", "streaming", List.of(443), 30444, null, null, true));
    String foreignFip = foreign.floatingIp();

    MigrationPlanning.Result result = planning.plan("hamburg-media", null);

    assertThat(result.reasonsAgainst()).anySatisfy(reason -> assertThat(reason)
        .contains("kube_service_kubernetes_media_streaming").contains(foreign.id()).contains("unique OCCM cluster name"));
    var streaming = result.plan().service("media/streaming");
    assertThat(streaming.preexistingLoadBalancerIds()).contains(foreign.id());

    // even if the migration ran on: the check after the trigger refuses that load balancer, naming it
    var state = loadBalancers.check("hamburg-media", result.plan(), Map.of("media/streaming", "PIN_FIP"), Map.of());
    assertThat(state.failed()).contains(foreign.id()).contains("existed before the trigger");
    assertThat(state.details()).doesNotContainKey("media/streaming");

    // and a move onto it is refused before anything moves: the other cluster's FIP stays where it is
    var details = new ServiceDetails("media/streaming", streaming.oldIp(), streaming.oldVipPortId(), foreignFip,
        foreign.name(), foreign.id(), foreign.vipPortId(), 443, null);
    assertThatThrownBy(() -> handover.moveFloatingIp("hamburg-media", details,
        ServiceOutcome.start("media/streaming", "MOVE_FIP", details)))
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("no nodes of cluster hamburg-media");
    assertThat(sandbox.openStack().controllers().portOfFloatingIp(foreignFip)).contains(foreign.vipPortId());
    assertThat(sandbox.openStack().controllers().portOfFloatingIp(streaming.oldIp())).contains(streaming.oldVipPortId());
  }

  /**
   * berlin-shop is on kubermatic.k8c.io without ccmClusterName: KKP's version (2.21 or 2.22+) decides whether OCCM
   * names its LBs after the cluster id or "kubernetes", so a clash on either name is a reason. Runs last: the
   * foreign load balancer stays in berlin-shop's project.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void refusesAClashOnEitherNameWhenKkpsVersionDecidesTheOccmName() {
    assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).isEmpty();
    var foreign = sandbox.createForeignLoadBalancer("berlin-shop", new SandboxCloud.ForeignLoadBalancerRequest(
        "kubernetes", "shop", "api", List.of(443), 30443, null, null, true));
    assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).singleElement().satisfies(reason -> assertThat(reason)
        .contains("kube_service_kubernetes_shop_api").contains(foreign.id()));
  }

  /**
   * A load balancer with this cluster's OCCM name that appears after the plan (another cluster's OCCM made it between
   * the plan and this OCCM's start) is never taken: it is older than this cluster's OCCM Deployment. Runs late: it
   * triggers hamburg-media.
   */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void neverTakesALoadBalancerOlderThanThisClustersOccm() throws Exception {
    var plan = planning.plan("hamburg-media", null).plan();
    var foreign = sandbox.createForeignLoadBalancer("hamburg-media", new SandboxCloud.ForeignLoadBalancerRequest(
        "kubernetes", "media", "transcoder", List.of(9000), 30900, null, null, false));
    // as if it had appeared after the plan: not among the load balancers the plan saw
    var unaware = new MigrationPlan(plan.clusterId(), plan.kubernetesVersion(), plan.occmClusterNames(),
        plan.services().stream().map(s -> new MigrationPlan.ServicePlan(s.service(), s.internal(), s.pending(), s.ports(),
            s.oldLoadBalancer(), s.oldLoadBalancerId(), s.oldVipPortId(), s.oldIp(), s.oldFloatingIpId(),
            s.newLoadBalancer(), s.adopted(), s.pinned(), s.securityGroup(), List.of())).toList(),
        plan.inTreeVolumes(), plan.machineDeployments(), plan.freeLoadBalancers(), plan.freeFloatingIps(), plan.warnings());
    Thread.sleep(1100); // creation times are in seconds: this cluster's OCCM comes a second later at least
    controlPlane.enableExternalCloudProvider("hamburg-media");
    Instant deadline = Instant.now().plusSeconds(20);
    LoadBalancerSteps.NewLoadBalancers state = null;
    while (Instant.now().isBefore(deadline)) {
      state = loadBalancers.check("hamburg-media", unaware, Map.of("media/streaming", "PIN_FIP"), Map.of());
      if (state.failed() != null) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(state.failed()).contains("before this cluster's OCCM was deployed").contains("kube_service_kubernetes_media");
    assertThat(state.details()).doesNotContainKey("media/transcoder");
    assertThat(foreign.id()).isNotBlank();
  }

  // --- 2. the plan is re-verified

  @Test
  void verificationTakesMachineDeploymentsAsASetAndNamesOneThatIsNew() {
    MigrationPlan plan = planning.plan("berlin-shop", null).plan();
    assertThat(plan.machineDeployments()).containsExactly("workers-a", "workers-b");
    var handovers = MigrationPlanning.handovers(plan, null);

    MigrationPlan listedOtherwise = withMachineDeployments(plan, List.of("workers-b", "workers-a"));
    assertThat(planning.verify("berlin-shop", listedOtherwise, handovers).differences())
        .as("the order the API lists them in is no change").isEmpty();

    MigrationPlan fewer = withMachineDeployments(plan, List.of("workers-a"));
    assertThat(planning.verify("berlin-shop", fewer, handovers).differences())
        .containsExactly("MachineDeployments were [workers-a], now [workers-a, workers-b]");
  }

  private static MigrationPlan withMachineDeployments(MigrationPlan plan, List<String> machineDeployments) {
    return new MigrationPlan(plan.clusterId(), plan.kubernetesVersion(), plan.occmClusterNames(), plan.services(),
        plan.inTreeVolumes(), machineDeployments, plan.freeLoadBalancers(), plan.freeFloatingIps(), plan.warnings());
  }

  @Test
  void verificationNamesAServiceCreatedAfterThePlanAndTheInterlockBlocksOnIt() {
    MigrationPlan plan = planning.plan("berlin-shop", null).plan();
    createServiceWithInTreeLoadBalancer("berlin-shop", "shop", "late", 8080, "198.51.100.29");
    try {
      var verification = planning.verify("berlin-shop", plan, MigrationPlanning.handovers(plan, null));
      assertThat(verification.differences()).anySatisfy(d -> assertThat(d).startsWith("new since the plan: shop/late")
          .contains("198.51.100.29"));
      assertThat(verification.live().contains("shop/late")).isTrue();

      // every planned Service waived: only the Service nobody planned still depends on an in-tree LB
      Map<String, ServiceOutcome> waived = new LinkedHashMap<>();
      plan.servicesWithAddress().forEach(s -> waived.put(s.service(), ServiceOutcome.start(s.service(), "DNS", null)
          .withDecision("WAIVE", "test: waived on purpose", null, null, Instant.now())));
      var check = handover.verifyHandedOver("berlin-shop", plan, MigrationPlanning.handovers(plan, null), Map.of(), waived);
      assertThat(check.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("shop/late: created after the plan")
          .contains("198.51.100.29").contains("rotation would cut it off"));
    } finally {
      sandbox.deleteService("berlin-shop", "shop", "late");
    }
  }

  @Test
  void aServiceDeletedDuringItsHandoverIsNotMovedAndTheInterlockNamesIt() {
    createServiceWithInTreeLoadBalancer("berlin-shop", "shop", "gone", 8081, "198.51.100.28");
    MigrationPlan plan = planning.plan("berlin-shop", null).plan();
    var gone = plan.service("shop/gone");
    sandbox.deleteService("berlin-shop", "shop", "gone");

    var details = new ServiceDetails("shop/gone", gone.oldIp(), gone.oldVipPortId(), "203.0.113.99", "new", "new-id",
        "new-port", 8081, null);
    ServiceOutcome approved = ServiceOutcome.start("shop/gone", "MOVE_FIP", details)
        .withDecision("DONE", null, null, null, Instant.now());
    assertThat(handover.moveFloatingIp("berlin-shop", details, approved)).as("nothing moved").isEqualTo(approved);
    assertThat(handover.movedIpServed("berlin-shop", details, approved)).as("nothing left to serve").isTrue();

    Map<String, ServiceOutcome> waived = new LinkedHashMap<>();
    plan.servicesWithAddress().stream().filter(s -> !s.service().equals("shop/gone")).forEach(s -> waived.put(s.service(),
        ServiceOutcome.start(s.service(), "DNS", null).withDecision("WAIVE", "test: waived on purpose", null, null,
            Instant.now())));
    var check = handover.verifyHandedOver("berlin-shop", plan, MigrationPlanning.handovers(plan, null), Map.of(), waived);
    assertThat(check.problems()).isEmpty();
    assertThat(check.deleted()).containsExactly("shop/gone");
  }

  @Test
  void interlockRefusesAPlannedServiceThatWasNeverHandedOver() {
    MigrationPlan plan = planning.plan("berlin-shop", null).plan();
    var check = handover.verifyHandedOver("berlin-shop", plan, MigrationPlanning.handovers(plan, null), Map.of(), Map.of());
    assertThat(check.problems()).containsExactlyInAnyOrder("shop/frontend: not handed over", "shop/api: not handed over",
        "payments/gateway: not handed over");
  }

  @Test
  void refusesAnAdoptedHandoverForAServiceOctaviaDidNotAdopt() {
    var result = planning.plan("berlin-shop", Map.of("shop/api", "ADOPTED"));
    assertThat(result.reasonsAgainst()).singleElement().satisfies(reason -> assertThat(reason)
        .contains("ADOPTED").contains("shop/api").contains("needs a handover"));
    assertThat(planning.plan("berlin-shop", Map.of("shop/api", "TELEPORT")).reasonsAgainst())
        .singleElement().satisfies(reason -> assertThat(reason).contains("TELEPORT"));
    assertThat(planning.plan("berlin-shop", Map.of("shop/nothing", "DNS")).reasonsAgainst())
        .singleElement().satisfies(reason -> assertThat(reason).contains("shop/nothing"));
    assertThat(planning.plan("berlin-shop", Map.of("shop/api", "MOVE_FIP")).reasonsAgainst()).isEmpty();
  }

  // --- 3. preflight

  @Test
  void refusesALoadBalancerIpThatIsNoFloatingIpOfTheProject() {
    KubernetesClient user = sandbox.userClusterClient("berlin-shop");
    user.services().inNamespace("shop").withName("api").edit(s -> {
      s.getSpec().setLoadBalancerIP("10.0.0.77");
      return s;
    });
    try {
      assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).singleElement().satisfies(reason -> assertThat(reason)
          .contains("shop/api").contains("10.0.0.77").contains("no floating IP of the project"));
    } finally {
      user.services().inNamespace("shop").withName("api").edit(s -> {
        s.getSpec().setLoadBalancerIP(null);
        return s;
      });
    }
    assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).isEmpty();
  }

  @Test
  void refusesMachinesThatNoMachineDeploymentManages() {
    KubernetesClient user = sandbox.userClusterClient("berlin-shop");
    user.genericKubernetesResources(MACHINES).inNamespace("kube-system").resource(Serialization.unmarshal(
        Serialization.asJson(Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "Machine",
            "metadata", Map.of("name", "static-worker", "namespace", "kube-system"))), GenericKubernetesResource.class))
        .create();
    try {
      assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).singleElement().satisfies(reason -> assertThat(reason)
          .contains("static-worker").contains("CSIKubeletMigrationCompleted"));
    } finally {
      user.genericKubernetesResources(MACHINES).inNamespace("kube-system").withName("static-worker").delete();
    }
  }

  @Test
  void refusesWhenQuotaDoesNotCoverWhatOccmWillCreate() {
    sandbox.openStack().setQuota(sandbox.projectId("berlin-shop"), "load_balancer", 2);
    try {
      assertThat(planning.plan("berlin-shop", null).reasonsAgainst()).singleElement().satisfies(reason -> assertThat(reason)
          .contains("not enough quota").contains("3 load balancers"));
    } finally {
      sandbox.openStack().setQuota(sandbox.projectId("berlin-shop"), "load_balancer", 10);
    }
  }

  @Test
  void aPendingServiceIsNothingToHandOverAndItsOctaviaGapsAreWarnings() {
    KubernetesClient user = sandbox.userClusterClient("berlin-shop");
    Service pending = new ServiceBuilder().withNewMetadata().withName("udp-dns").withNamespace("shop").endMetadata()
        .withNewSpec().withType("LoadBalancer").withExternalTrafficPolicy("Local")
        .withLoadBalancerSourceRanges("192.0.2.0/24")
        .addNewPort().withName("dns-udp").withPort(53).withProtocol("UDP").withNodePort(30053).endPort()
        .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").withNodePort(30054).endPort()
        .endSpec().build();
    user.services().inNamespace("shop").resource(pending).create();
    skipUids();
    try {
      var result = planning.plan("berlin-shop", null);
      assertThat(result.reasonsAgainst()).isEmpty();
      assertThat(result.plan().service("shop/udp-dns").pending()).isTrue();
      assertThat(result.plan().servicesWithAddress()).noneMatch(s -> s.service().equals("shop/udp-dns"));
      assertThat(MigrationPlanning.handovers(result.plan(), null)).doesNotContainKey("shop/udp-dns");
      assertThat(result.plan().warnings()).anySatisfy(w -> assertThat(w).contains("shop/udp-dns").contains("UDP"))
          .anySatisfy(w -> assertThat(w).contains("externalTrafficPolicy: Local"))
          .anySatisfy(w -> assertThat(w).contains("loadBalancerSourceRanges").contains("2.12"));
      assertThat(result.plan().summary()).contains("shop/udp-dns (pending: no address yet)").contains("Warning:");
      assertThat(planning.plan("berlin-shop", Map.of("shop/udp-dns", "DNS")).reasonsAgainst())
          .singleElement().satisfies(reason -> assertThat(reason).contains("nothing to hand over"));
    } finally {
      user.services().inNamespace("shop").withName("udp-dns").delete();
    }
  }

  @Test
  void anInternalServiceIsPlannedWithItsOldVipAndAHandover() {
    var plan = planning.plan("hamburg-media", null).plan();
    var transcoder = plan.service("media/transcoder");
    assertThat(transcoder.internal()).isTrue();
    assertThat(transcoder.oldIp()).as("the old LB's VIP").isNotNull();
    assertThat(MigrationPlanning.handovers(plan, null)).containsEntry("media/transcoder", "INTERNAL_VIP");
    assertThat(planning.plan("hamburg-media", Map.of("media/transcoder", "DNS")).reasonsAgainst())
        .anySatisfy(reason -> assertThat(reason).contains("internal"));
  }

  // --- 5b. a handover starts only when the new LB serves

  @Test
  void aNewLoadBalancerServesOnlyWithAListenerPerPortAndMembersForEveryNode() {
    var service = planning.plan("berlin-shop", null).plan().service("shop/frontend"); // ports 80, 443
    Set<String> nodes = Set.of("10.0.0.11", "10.0.0.12");
    assertThat(loadBalancers.servingProblem(new LoadBalancerServing(Set.of(80), nodes), service, nodes, null, 80))
        .contains("no listener for ports [443]");
    assertThat(loadBalancers.servingProblem(new LoadBalancerServing(Set.of(80, 443), Set.of("10.0.0.11")), service,
        nodes, null, 80)).contains("no members for the nodes [10.0.0.12]");
    assertThat(loadBalancers.servingProblem(new LoadBalancerServing(Set.of(80, 443), nodes), service, nodes, null, 80))
        .isNull();
    // OCCM's own new FIP is probed where it exists: an address nothing answers on is not serving yet
    assertThat(loadBalancers.servingProblem(new LoadBalancerServing(Set.of(80, 443), nodes), service, nodes,
        "203.0.113.254", 80)).contains("does not answer on 203.0.113.254:80");
  }

  // --- cleanup

  @Test
  void cleanupLeavesALoadBalancerThatIsNotThePlannedOneOrStillNeeded() {
    var plan = planning.plan("berlin-shop", null).plan();
    var api = plan.service("shop/api");
    var impostor = new MigrationPlan.ServicePlan(api.service(), false, false, api.ports(), api.oldLoadBalancer(),
        "some-other-id", api.oldVipPortId(), api.oldIp(), api.oldFloatingIpId(), api.newLoadBalancer(), false, false,
        api.securityGroup(), List.of());
    var kept = cleanup.deleteOldLoadBalancer("berlin-shop", impostor, "MOVE_FIP", null, null, false);
    assertThat(kept.deleted()).isFalse();
    assertThat(kept.keptBecause()).contains("not the planned some-other-id");

    var neverHandedOver = cleanup.deleteOldLoadBalancer("berlin-shop", api, "MOVE_FIP", null, null, false);
    assertThat(neverHandedOver.deleted()).isFalse();
    assertThat(neverHandedOver.keptBecause()).contains("never handed over");

    var notMoved = cleanup.deleteOldLoadBalancer("berlin-shop", api, "MOVE_FIP",
        ServiceOutcome.start("shop/api", "MOVE_FIP", null).withDecision("DONE", null, null, null, Instant.now()),
        new ServiceDetails("shop/api", api.oldIp(), api.oldVipPortId(), null, "new", "new-id", "new-port", 443, null),
        false);
    assertThat(notMoved.keptBecause()).contains("is not on its new load balancer");
    assertThat(cleanup.remainingOldLoadBalancers("berlin-shop", plan)).anySatisfy(r -> assertThat(r).contains("shop/api"));
  }

  // --- helpers

  /** A LoadBalancer Service as the in-tree provider served it before the trigger: its Neutron LB and FIP. */
  private void createServiceWithInTreeLoadBalancer(String clusterId, String namespace, String name, int port, String ip) {
    sandbox.createService(clusterId, new DemoPlatform.Service(namespace, name, List.of(new DemoPlatform.Port(port, "TCP",
        31080)), 31080, ip, null, false, false, null, null, null));
  }

  /** The mock server's UIDs count up and the in-tree name drops the last digit: keep names unique as real UIDs are. */
  private static void skipUids() {
    for (int i = 0; i < 16; i++) {
      Utils.generateId();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
