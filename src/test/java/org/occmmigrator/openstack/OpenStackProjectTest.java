package org.occmmigrator.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.occmmigrator.platform.OpenStackCredentials;
import org.occmmigrator.sandbox.openstack.ApiLatency;
import org.occmmigrator.sandbox.openstack.CloudEvent;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

/**
 * The OpenStack adapter against the emulator where only the emulator can tell: injected faults, its event log and
 * data plane. What a real cloud can check as well is in {@link OpenStackContract}.
 */
class OpenStackProjectTest {

  private static final String OLD_LB = "a6f1c2d3e11114000800000000000abc";
  private static final String OLD_IP = "198.51.100.50";
  /** What some Neutron-compatible SDNs answer to re-binding an associated floating IP. */
  private static final String REBIND_REFUSED = "Floating IP 198.51.100.50 is already associated with a port; "
      + "disassociate it first";

  OpenStackEmulator cloud;
  String projectId;
  OpenStackProject project;

  @BeforeEach
  void cloud() {
    cloud = new OpenStackEmulator(Clock.systemUTC(), Duration.ofMillis(50)).start(0);
    projectId = cloud.createProject("berlin", "Default", "svc-berlin", "s3cret-Pass!");
    cloud.setLiveBackends(List.of("10.0.0.11", "10.0.0.12"));
    cloud.createLegacyLoadBalancer(projectId, OLD_LB, "frontend", List.of(80), 30080, List.of("10.0.0.11", "10.0.0.12"),
        OLD_IP, "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend");
    project = project(new OpenStackCredentials("svc-berlin", "s3cret-Pass!", projectId, null, "Default", null, null));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void movesTheOldFloatingIpOntoTheNewLoadBalancerWithoutAMomentOnNoPort() {
    String oldVipPort = project.legacyLoadBalancer(OLD_LB).orElseThrow().vipPortId();
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", "198.51.100.77");
    int before = changesOf(OLD_IP).size();

    FloatingIpMove move = project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(move.singleCall()).isTrue();
    assertThat(move.detachedFloatingIpAddress()).isEqualTo("198.51.100.77");
    assertThat(cloud.dataPlane(OLD_IP, 80).served()).isTrue();
    assertThat(cloud.dataPlane(OLD_IP, 80).api()).isEqualTo("octavia");
    List<CloudEvent> changes = changesOf(OLD_IP).subList(before, changesOf(OLD_IP).size());
    assertThat(changes).as("straight from the old port to the new one").singleElement().satisfies(change -> {
      assertThat(change.details()).containsEntry("from", oldVipPort).containsEntry("to", newVipPort);
      assertThat(change.at()).isBetween(move.requestedAt(), move.confirmedAt());
    });
    assertThat(move.unattachedWindow()).isZero();
  }

  @Test
  void fallsBackToDetachThenAttachOnlyWhenTheCloudSaysItRefusesARebind() {
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 400, 1)
        .whenBodyMatches(newVipPort).withMessage(REBIND_REFUSED));
    int before = changesOf(OLD_IP).size();

    FloatingIpMove move = project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(move.singleCall()).isFalse();
    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(newVipPort);
    List<CloudEvent> changes = changesOf(OLD_IP).subList(before, changesOf(OLD_IP).size());
    assertThat(changes).extracting(e -> e.details().get("to")).containsExactly("", newVipPort);
    Instant detached = changes.get(0).at();
    Instant attached = changes.get(1).at();
    assertThat(move.unattachedFrom()).isBeforeOrEqualTo(detached);
    assertThat(move.unattachedUntil()).isAfterOrEqualTo(attached);
    assertThat(move.unattachedWindow()).as("covers the real gap between the two events").isPositive();
  }

  @Test
  void aTargetPortThatGotAnotherFloatingIpIsNoRebindRefusalAndNothingIsDetached() {
    String oldVipPort = project.legacyLoadBalancer(OLD_LB).orElseThrow().vipPortId();
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    // OCCM attached a new FIP between the adapter's look at the port and its PUT
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 409, 1).whenBodyMatches(newVipPort)
        .withMessage("Cannot associate floating IP 198.51.100.50 with port " + newVipPort + " using fixed IP 10.0.0.9, "
            + "as that fixed IP already has a floating IP on external network 1234."));
    int before = changesOf(OLD_IP).size();

    assertThatThrownBy(() -> project.moveFloatingIp(OLD_IP, newVipPort)).isInstanceOf(OpenStackTransientException.class)
        .hasMessageContaining("already has a floating IP");

    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(oldVipPort);
    assertThat(changesOf(OLD_IP)).as("never detached").hasSize(before);
  }

  @Test
  void whenTheAttachAfterTheDetachIsRefusedTooTheIpGoesBackToItsOldPort() {
    String oldVipPort = project.legacyLoadBalancer(OLD_LB).orElseThrow().vipPortId();
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", "198.51.100.77");
    String occmsFip = project.floatingIpByAddress("198.51.100.77").orElseThrow().id();
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 400, 2)
        .whenBodyMatches(newVipPort).withMessage(REBIND_REFUSED));

    assertThatThrownBy(() -> project.moveFloatingIp(OLD_IP, newVipPort))
        .isInstanceOfSatisfying(FloatingIpMoveFailed.class, failed -> {
          assertThat(failed.onOldPort()).isTrue();
          assertThat(failed.detachedFloatingIpId()).as("so that it can be released").isEqualTo(occmsFip);
        })
        .hasMessageContaining(OLD_IP).hasMessageContaining("back on its old port " + oldVipPort);

    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(oldVipPort);
    assertThat(cloud.dataPlane(OLD_IP, 80).served()).as("the old LB serves the customer again").isTrue();
  }

  @Test
  void whenEvenThePutBackFailsTheErrorSaysHowToAttachTheIpByHand() {
    String oldVipPort = project.legacyLoadBalancer(OLD_LB).orElseThrow().vipPortId();
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 400, 2)
        .whenBodyMatches(newVipPort).withMessage(REBIND_REFUSED));
    // Neutron stays unwell for longer than the put-back's repetitions (a single 503 is repeated away)
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 503, 0).whenBodyMatches(oldVipPort));

    assertThatThrownBy(() -> project.moveFloatingIp(OLD_IP, newVipPort))
        .isInstanceOfSatisfying(FloatingIpMoveFailed.class, failed -> assertThat(failed.onOldPort()).isFalse())
        .hasMessageContaining("NO port").hasMessageContaining("openstack floating ip set --port " + oldVipPort + " " + OLD_IP);
  }

  @Test
  void wrongCredentialsAreSentToKeystoneOncePerCall() {
    OpenStackProject wrong = project(new OpenStackCredentials("svc-berlin", "Wrong-Pass-9", projectId, null, "Default", null, null));
    int before = cloud.events("identity.auth_requested").size();
    assertThatThrownBy(() -> wrong.legacyLoadBalancer(OLD_LB)).isInstanceOf(OpenStackPermanentException.class);
    assertThat(cloud.events("identity.auth_requested")).hasSize(before + 1);

    cloud.createApplicationCredential("ac-123", "ac-Secret!", "svc-berlin", "Default");
    OpenStackProject wrongSecret = project(new OpenStackCredentials(null, null, null, null, null, "ac-123", "other"));
    assertThatThrownBy(() -> wrongSecret.legacyLoadBalancer(OLD_LB)).isInstanceOf(OpenStackPermanentException.class);
    assertThat(cloud.events("identity.auth_requested")).hasSize(before + 2);
  }

  @Test
  void renewsAnExpiredTokenWithoutFailingTheCall() throws Exception {
    cloud.setTokenLifetime(Duration.ofMillis(400));
    // renewal 5 minutes before expiry would renew every time; an expiring token must also be renewed on 401
    assertThat(project.legacyLoadBalancer(OLD_LB)).isPresent();
    Thread.sleep(500);
    assertThat(project.legacyLoadBalancer(OLD_LB)).isPresent();
  }

  @Test
  void aTransientFaultIsRepeatedInsideTheCallAndOnlyAPersistentOneFailsIt() {
    cloud.faults().add(FaultInjector.Rule.status("GET", "/lbaas/loadbalancers", 503, 1));
    assertThat(project.legacyLoadBalancer(OLD_LB)).as("one 503 costs a repetition, not the call").isPresent();
    cloud.faults().add(FaultInjector.Rule.drop("GET", "/floatingips", 1));
    assertThat(project.floatingIpByAddress(OLD_IP)).as("a dropped connection too").isPresent();

    cloud.faults().add(FaultInjector.Rule.status("GET", "/lbaas/loadbalancers", 503, 0)); // Neutron is down
    int before = cloud.faults().fired();
    long started = System.nanoTime();
    assertThatThrownBy(() -> project.legacyLoadBalancer(OLD_LB)).isInstanceOf(OpenStackTransientException.class)
        .hasMessageContaining("HTTP 503").hasMessageContaining("Check: that the OpenStack API");
    assertThat(cloud.faults().fired() - before).as("five attempts, then the step's retry cycle takes over").isEqualTo(5);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within seconds, well inside a job's lock")
        .isBetween(Duration.ofMillis(2000), Duration.ofSeconds(8));
    cloud.faults().clear();

    cloud.faults().add(FaultInjector.Rule.status("GET", "/floatingips", 400, 0));
    before = cloud.faults().fired();
    assertThatThrownBy(() -> project.floatingIpByAddress(OLD_IP)).isInstanceOf(OpenStackPermanentException.class);
    assertThat(cloud.faults().fired() - before).as("a refusal is not repeated").isEqualTo(1);
    cloud.faults().clear();
    assertThatThrownBy(() -> project.moveFloatingIp("203.0.113.1", "no-port"))
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("does not exist");
  }

  @Test
  void aMoveWhoseAnswerWasLostMovesTheAddressOnce() {
    String oldVipPort = project.legacyLoadBalancer(OLD_LB).orElseThrow().vipPortId();
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    cloud.faults().add(FaultInjector.Rule.loseAnswer("PUT", "/network/v2.0/floatingips/", 1).whenBodyMatches(newVipPort));
    int before = changesOf(OLD_IP).size();

    project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(cloud.faults().fired()).as("Neutron moved it, the answer was lost").isEqualTo(1);
    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(newVipPort);
    assertThat(changesOf(OLD_IP).subList(before, changesOf(OLD_IP).size())).as("one move, no second one")
        .singleElement().satisfies(change -> assertThat(change.details()).containsEntry("from", oldVipPort));
  }

  @Test
  void deletingAnOldLoadBalancerSurvivesAFaultyNeutronAndDeletesItOnce() {
    cloud.setProvisioningDelay(Duration.ofMillis(50));
    String group = "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend";
    // every kind of fault, a lost answer included, on a third of all requests: each request is repeated by itself, and
    // a DELETE that openstack4j reports as done although Neutron answered 503 is seen by the next read
    cloud.faults().setRate(new FaultInjector.FaultRate(0.3, 7, List.of(FaultInjector.Kind.values()), Duration.ofMillis(100)));
    try {
      project.deleteLegacyLoadBalancer(OLD_LB, group);
    } finally {
      cloud.faults().setRate(null);
    }

    assertThat(cloud.faults().fired()).as("the faults hit").isGreaterThanOrEqualTo(3);
    assertThat(cloud.events("loadbalancer.deleted")).hasSize(1);
    assertThat(client().networking().securitygroup().list(Map.of("name", group))).isEmpty();
  }

  @Test
  void deletingTheOldLoadBalancerWaitsUntilItIsGoneBeforeItsSecurityGroup() {
    cloud.setProvisioningDelay(Duration.ofMillis(400)); // Neutron deletes asynchronously: PENDING_DELETE first
    String group = "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend";

    project.deleteLegacyLoadBalancer(OLD_LB, group);

    assertThat(cloud.events("loadbalancer.deleted")).hasSize(1);
    assertThat(client().networking().securitygroup().list(Map.of("name", group))).isEmpty();
  }

  @Test
  void aDeleteThatOutlastsItsWaitStopsWithinItAndTheRetryContinuesWhereItStopped() {
    // each of the ~6 mutations (monitor, members, pool, listener, LB) leaves the LB PENDING_UPDATE for 400 ms: about
    // 2.5 s of waiting in all, more than one job may wait (1 s here, 30 s in production, within a 60 s job lock)
    cloud.setProvisioningDelay(Duration.ofMillis(400));
    String group = "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend";
    Duration wait = Duration.ofSeconds(1);
    OpenStackProject oneJob = project(new OpenStackCredentials("svc-berlin", "s3cret-Pass!", projectId, null, "Default",
        null, null), wait);

    int runs = 0;
    boolean done = false;
    while (!done && runs < 10) {
      runs++;
      Instant started = Instant.now();
      try {
        oneJob.deleteLegacyLoadBalancer(OLD_LB, group);
        done = true;
      } catch (OpenStackTransientException stillPending) {
        assertThat(stillPending).hasMessageContaining("after this job's wait of PT1S");
      }
      assertThat(Duration.between(started, Instant.now())).as("run " + runs + " stays within its wait plus its calls")
          .isLessThan(wait.plusMillis(800));
    }

    assertThat(done).as("the retries finish the delete").isTrue();
    assertThat(runs).as("one wait is not enough for the whole delete").isGreaterThan(1);
    assertThat(cloud.events("loadbalancer.deleted")).hasSize(1);
    assertThat(client().networking().securitygroup().list(Map.of("name", group))).isEmpty();
  }

  @Test
  void reportsFreeQuota() {
    cloud.setQuota(projectId, "floatingip", 5);
    cloud.setQuota(projectId, "load_balancer", 3);
    ProjectQuota quota = project.freeQuota();
    assertThat(quota.freeFloatingIps()).isEqualTo(4);
    assertThat(quota.freeLoadBalancers()).isEqualTo(3);
    assertThat(quota.allows(3, 4)).isTrue();
    assertThat(quota.allows(4, 1)).isFalse();
  }

  @Test
  void newFloatingIpsNeverTakeAnAddressAlreadyInUse() {
    // the demo platform and tests give old FIPs fixed addresses anywhere in the pool
    cloud.createLegacyLoadBalancer(projectId, "a0000000000000000000000000000001", "web", List.of(80), 30080, List.of(),
        "198.51.100.12", null);
    String external = client().networking().network().list(Map.of("router:external", "true")).get(0).getId();
    for (int i = 0; i < 5; i++) {
      client().networking().floatingip().create(org.openstack4j.api.Builders.netFloatingIP().floatingNetworkId(external).build());
    }
    assertThat(client().networking().floatingip().list()).extracting(f -> f.getFloatingIpAddress()).doesNotHaveDuplicates()
        .hasSize(7);
  }

  @Test
  void realisticLatencyMakesAFloatingIpPutAsSlowAsOnARealNeutron() {
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    cloud.setLatency(ApiLatency.named("realistic"));

    FloatingIpMove move = project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(move.apiLatency()).as("0.3–1.6 s on the rig").isBetween(Duration.ofMillis(300), Duration.ofMillis(3000));
    assertThatThrownBy(() -> ApiLatency.named("fast")).hasMessageContaining("none or realistic");
  }

  private List<CloudEvent> changesOf(String address) {
    return cloud.events("floatingip.port_changed").stream().filter(e -> e.details().get("address").equals(address)).toList();
  }

  /** An Octavia LB as OCCM creates it; returns its VIP port id. */
  private String octaviaLoadBalancerWithFip(String name, String fip) {
    OSClientV3 os = client();
    var lb = os.octavia().loadBalancerV2().create(org.openstack4j.api.Builders.octavia().loadBalancerV2().name(name)
        .networkId(cloud.projectNetworkId(projectId)).build());
    await(() -> "ACTIVE".equals(String.valueOf(os.octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus())));
    var listener = os.octavia().listenerV2().create(org.openstack4j.api.Builders.octavia().listenerV2()
        .loadBalancerId(lb.getId()).protocol(org.openstack4j.model.octavia.ListenerProtocol.TCP).protocolPort(80).build());
    await(() -> "ACTIVE".equals(String.valueOf(os.octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus())));
    var pool = os.octavia().lbPoolV2().create(org.openstack4j.api.Builders.octavia().lbPoolV2().listenerId(listener.getId())
        .protocol(org.openstack4j.model.octavia.Protocol.TCP).lbMethod(org.openstack4j.model.octavia.LbMethod.ROUND_ROBIN).build());
    for (String node : List.of("10.0.0.11", "10.0.0.12")) {
      await(() -> "ACTIVE".equals(String.valueOf(os.octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus())));
      os.octavia().lbPoolV2().createMember(pool.getId(), org.openstack4j.api.Builders.octavia().memberV2().address(node)
          .protocolPort(30080).build());
    }
    if (fip != null) {
      os.networking().floatingip().create(org.openstack4j.api.Builders.netFloatingIP()
          .floatingNetworkId(os.networking().network().list().stream().filter(n -> Boolean.TRUE.equals(n.isRouterExternal()))
              .findFirst().orElseThrow().getId())
          .floatingIpAddress(fip).portId(lb.getVipPortId())
          .description("Floating IP for Kubernetes external service shop/frontend from cluster berlin").build());
    }
    return lb.getVipPortId();
  }

  private OSClientV3 client() {
    return OSFactory.builderV3().endpoint(cloud.authUrl()).credentials("svc-berlin", "s3cret-Pass!", Identifier.byName("Default"))
        .scopeToProject(Identifier.byId(projectId)).authenticate();
  }

  private OpenStackProject project(OpenStackCredentials credentials) {
    return project(credentials, Duration.ofSeconds(10));
  }

  private OpenStackProject project(OpenStackCredentials credentials, Duration activeWait) {
    var sessions = new OpenStackSessions(Clock.systemUTC(), Duration.ofSeconds(5));
    return new OpenStackProject(sessions, new ProjectAccess(cloud.authUrl(), "RegionOne", "public", credentials),
        Clock.systemUTC(), activeWait);
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 5000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached within 5 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
