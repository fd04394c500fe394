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
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

/** The OpenStack adapter on openstack4j against the sandbox's OpenStack emulator (real HTTP on loopback). */
class OpenStackProjectTest {

  private static final String OLD_LB = "a6f1c2d3e11114000800000000000abc";
  private static final String OLD_IP = "198.51.100.50";

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
  void findsTheOldLoadBalancerWithItsFloatingIp() {
    LoadBalancer old = project.legacyLoadBalancer(OLD_LB).orElseThrow();
    assertThat(old.kind()).isEqualTo(LoadBalancer.Kind.NEUTRON_LBAAS);
    assertThat(old.floatingIpAddress()).isEqualTo(OLD_IP);
    assertThat(old.active()).isTrue();
    assertThat(project.legacyLoadBalancer("a0000000000000000000000000000000")).isEmpty();
    assertThat(project.octaviaInCatalog()).isTrue();
  }

  @Test
  void authenticatesWithAnApplicationCredential() {
    cloud.createApplicationCredential("ac-123", "ac-Secret!", "svc-berlin", "Default");
    OpenStackProject viaAppCredential = project(new OpenStackCredentials(null, null, null, null, null, "ac-123", "ac-Secret!"));
    assertThat(viaAppCredential.legacyLoadBalancer(OLD_LB)).isPresent();
  }

  @Test
  void wrongPasswordIsPermanentAndNeverShowsThePassword() {
    OpenStackProject wrong = project(new OpenStackCredentials("svc-berlin", "Wrong-Pass-9", projectId, null, "Default", null, null));
    assertThatThrownBy(() -> wrong.legacyLoadBalancer(OLD_LB))
        .isInstanceOf(RuntimeException.class).hasMessageNotContaining("Wrong-Pass-9");
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
  void movesTheOldFloatingIpOntoTheNewLoadBalancerAfterDetachingOccmsIp() {
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", "198.51.100.77");

    FloatingIpMove move = project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(move.singleCall()).isTrue();
    assertThat(move.detachedFloatingIpAddress()).isEqualTo("198.51.100.77");
    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(newVipPort);
    assertThat(project.floatingIpByAddress("198.51.100.77").orElseThrow().portId()).isNull();
    assertThat(cloud.dataPlane(OLD_IP, 80).served()).isTrue();
    assertThat(cloud.dataPlane(OLD_IP, 80).api()).isEqualTo("octavia");

    var changes = cloud.events("floatingip.port_changed").stream()
        .filter(e -> e.details().get("address").equals(OLD_IP) && !e.details().get("from").isEmpty()).toList();
    assertThat(changes).hasSize(1);
    Instant changedAt = changes.get(0).at();
    assertThat(changedAt).isBetween(move.leftOldPortAt(), move.arrivedAt());
    System.out.printf("fip-move: downtime window %d ms (one PUT)%n", move.downtime().toMillis());

    FloatingIpMove again = project.moveFloatingIp(OLD_IP, newVipPort);
    assertThat(again.fromPortId()).as("a second run changes nothing").isNull();
    assertThat(cloud.events("floatingip.port_changed").stream()
        .filter(e -> e.details().get("address").equals(OLD_IP) && !e.details().get("from").isEmpty())).hasSize(1);
  }

  @Test
  void fallsBackToDetachThenAttachWhenTheCloudRefusesARebind() {
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", null);
    cloud.faults().add(FaultInjector.Rule.status("PUT", "/network/v2.0/floatingips/", 409, 1));

    FloatingIpMove move = project.moveFloatingIp(OLD_IP, newVipPort);

    assertThat(move.singleCall()).isFalse();
    assertThat(project.floatingIpByAddress(OLD_IP).orElseThrow().portId()).isEqualTo(newVipPort);
  }

  @Test
  void neutronRefusesASecondFloatingIpOnAPort() {
    String newVipPort = octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", "198.51.100.77");
    OSClientV3 os = client();
    String oldFipId = os.networking().floatingip().list(Map.of("floating_ip_address", OLD_IP)).get(0).getId();
    assertThatThrownBy(() -> os.networking().floatingip().associateToPort(oldFipId, newVipPort))
        .hasMessageContaining("already has a floating IP on external network");
  }

  @Test
  void transientFaultsAreRetryableAndPermanentOnesAreNot() {
    cloud.faults().add(FaultInjector.Rule.status("GET", "/lbaas/loadbalancers", 503, 1));
    assertThatThrownBy(() -> project.legacyLoadBalancer(OLD_LB)).isInstanceOf(OpenStackTransientException.class);
    assertThat(project.legacyLoadBalancer(OLD_LB)).as("the next try works").isPresent();

    cloud.faults().add(FaultInjector.Rule.drop("GET", "/floatingips", 1));
    assertThatThrownBy(() -> project.floatingIpByAddress(OLD_IP)).isInstanceOf(OpenStackTransientException.class);

    assertThatThrownBy(() -> project.moveFloatingIp("203.0.113.1", "no-port"))
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("does not exist");
  }

  @Test
  void deletesTheOldLoadBalancerInTheOnlyOrderNeutronAccepts() {
    OSClientV3 os = client();
    String lbId = project.legacyLoadBalancer(OLD_LB).orElseThrow().id();
    var refused = os.networking().lbaasV2().loadbalancer().delete(lbId);
    assertThat(refused.getCode()).as("no cascade delete in LBaaS v2").isEqualTo(409);

    project.deleteLegacyLoadBalancer(OLD_LB, "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend");

    await(() -> project.legacyLoadBalancer(OLD_LB).isEmpty());
    assertThat(os.networking().securitygroup().list(Map.of("name", "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend"))).isEmpty();
    assertThat(os.networking().securityrule().list()).noneMatch(rule -> rule.getRemoteGroupId() != null);
    assertThat(project.floatingIpByAddress(OLD_IP)).as("the customer's IP is kept").isPresent();
    project.deleteLegacyLoadBalancer(OLD_LB, "lb-sg-6f1c2d3e-1111-4000-8000-00000000abcd-shop-frontend"); // again: no-op
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
  void releasesOnlyFloatingIpsThatOccmAllocated() {
    octaviaLoadBalancerWithFip("kube_service_berlin_shop_frontend", "198.51.100.77");
    String occmFip = project.floatingIpByAddress("198.51.100.77").orElseThrow().id();
    client().networking().floatingip().disassociateFromPort(occmFip);
    assertThat(project.releaseOccmFloatingIp(occmFip)).isTrue();
    assertThat(project.floatingIpByAddress("198.51.100.77")).isEmpty();
    String customerFip = project.floatingIpByAddress(OLD_IP).orElseThrow().id();
    assertThatThrownBy(() -> project.releaseOccmFloatingIp(customerFip)).isInstanceOf(OpenStackPermanentException.class);
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
    var sessions = new OpenStackSessions(Clock.systemUTC(), Duration.ofSeconds(5));
    return new OpenStackProject(sessions, new ProjectAccess(cloud.authUrl(), "RegionOne", "public", credentials),
        Clock.systemUTC(), Duration.ofSeconds(10));
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
