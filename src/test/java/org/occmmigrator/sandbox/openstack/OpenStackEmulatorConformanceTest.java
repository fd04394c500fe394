package org.occmmigrator.sandbox.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.octavia.LoadBalancerV2;
import org.openstack4j.openstack.OSFactory;

/** The emulator's rules, seen through openstack4j as a production client sees them. */
class OpenStackEmulatorConformanceTest {

  OpenStackEmulator cloud;
  String projectId;
  OSClientV3 os;

  @BeforeEach
  void cloud() {
    cloud = new OpenStackEmulator(Clock.systemUTC(), Duration.ofMillis(300)).start(0);
    projectId = cloud.createProject("conformance", "Default", "tester", "Tester-Pass-1!");
    os = OSFactory.builderV3().endpoint(cloud.authUrl()).credentials("tester", "Tester-Pass-1!", Identifier.byName("Default"))
        .scopeToProject(Identifier.byId(projectId)).authenticate();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void wrongPasswordIsRefusedAndTheCatalogListsNetworkAndLoadBalancer() {
    assertThatThrownBy(() -> OSFactory.builderV3().endpoint(cloud.authUrl())
        .credentials("tester", "wrong", Identifier.byName("Default")).scopeToProject(Identifier.byId(projectId)).authenticate())
        .isInstanceOf(AuthenticationException.class);
    assertThat(os.getToken().getCatalog()).extracting(s -> s.getType()).contains("identity", "network", "load-balancer");
  }

  @Test
  void octaviaLoadBalancersGoFromPendingCreateToActiveAndRefuseChangesWhilePending() throws Exception {
    LoadBalancerV2 lb = os.octavia().loadBalancerV2().create(Builders.octavia().loadBalancerV2().name("lb-1")
        .networkId(cloud.projectNetworkId(projectId)).build());
    assertThat(lb.getProvisioningStatus().name()).isEqualTo("PENDING_CREATE");
    assertThatThrownBy(() -> os.octavia().listenerV2().create(Builders.octavia().listenerV2().loadBalancerId(lb.getId())
        .protocol(org.openstack4j.model.octavia.ListenerProtocol.TCP).protocolPort(80).build()))
        .isInstanceOf(ClientResponseException.class).hasMessageContaining("PENDING_CREATE");
    Thread.sleep(400);
    assertThat(os.octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus().name()).isEqualTo("ACTIVE");
    assertThat(os.octavia().loadBalancerV2().list(Map.of("vip_port_id", lb.getVipPortId()))).hasSize(1);
    assertThat(os.networking().port().get(lb.getVipPortId()).getDeviceOwner()).isEqualTo("Octavia");
  }

  @Test
  void aFailingLoadBalancerEndsInError() throws Exception {
    // as the README tells a demo user to do it: over the emulator's admin endpoint
    HttpResponse<String> marked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(cloud.baseUrl() + "/_sandbox/failing-load-balancers"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"broken\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(marked.body()).contains("broken");
    LoadBalancerV2 lb = os.octavia().loadBalancerV2().create(Builders.octavia().loadBalancerV2().name("broken")
        .networkId(cloud.projectNetworkId(projectId)).build());
    Thread.sleep(400);
    assertThat(os.octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus().name()).isEqualTo("ERROR");
  }

  @Test
  void octaviaDeletesWithChildrenOnlyWithCascade() throws Exception {
    cloud.setProvisioningDelay(Duration.ZERO);
    LoadBalancerV2 lb = os.octavia().loadBalancerV2().create(Builders.octavia().loadBalancerV2().name("lb-2")
        .networkId(cloud.projectNetworkId(projectId)).build());
    os.octavia().listenerV2().create(Builders.octavia().listenerV2().loadBalancerId(lb.getId())
        .protocol(org.openstack4j.model.octavia.ListenerProtocol.TCP).protocolPort(80).build());
    assertThat(os.octavia().loadBalancerV2().delete(lb.getId()).getCode()).as("Octavia: 400, it has children").isEqualTo(400);
    assertThat(os.octavia().loadBalancerV2().cascadeDelete(lb.getId()).isSuccess()).isTrue();
    assertThat(os.octavia().loadBalancerV2().get(lb.getId())).isNull();
    assertThat(os.octavia().listenerV2().list()).isEmpty();
  }

  @Test
  void quotasAreEnforcedForLoadBalancersAndFloatingIps() {
    cloud.setQuota(projectId, "load_balancer", 0);
    cloud.setQuota(projectId, "floatingip", 0);
    assertThatThrownBy(() -> os.octavia().loadBalancerV2().create(Builders.octavia().loadBalancerV2().name("over")
        .networkId(cloud.projectNetworkId(projectId)).build()))
        .isInstanceOf(ClientResponseException.class).hasMessageContaining("Quota");
    String external = os.networking().network().list().stream().filter(n -> Boolean.TRUE.equals(n.isRouterExternal()))
        .findFirst().orElseThrow().getId();
    assertThatThrownBy(() -> os.networking().floatingip().create(Builders.netFloatingIP().floatingNetworkId(external).build()))
        .isInstanceOf(ClientResponseException.class).hasMessageContaining("Quota exceeded");
  }

  @Test
  void lbaasV2ChangesOnlyAnActiveLoadBalancer() {
    String lbId = cloud.createLegacyLoadBalancer(projectId, "aold", "web", List.of(80), 30080, List.of("10.0.0.5"),
        "198.51.100.90", null);
    var pool = os.networking().lbaasV2().lbPool().list().get(0);
    var member = os.networking().lbaasV2().lbPool().listMembers(pool.getId()).get(0);
    assertThat(os.networking().lbaasV2().lbPool().deleteMember(pool.getId(), member.getId()).isSuccess()).isTrue();
    assertThat(os.networking().lbaasV2().loadbalancer().get(lbId).getProvisioningStatus().name()).isEqualTo("PENDING_UPDATE");
    var second = os.networking().lbaasV2().healthMonitor().delete(pool.getHealthMonitorId());
    assertThat(second.getCode()).as("immutable while PENDING_UPDATE").isEqualTo(409);
  }

  @Test
  void injectedFaultsReachTheClientOnce() {
    cloud.faults().add(FaultInjector.Rule.status("GET", "/network/v2.0/floatingips", 500, 1));
    assertThatThrownBy(() -> os.networking().floatingip().list())
        .isInstanceOfSatisfying(org.openstack4j.api.exceptions.ServerResponseException.class,
            error -> assertThat(error.getStatus()).isEqualTo(500));
    assertThat(os.networking().floatingip().list()).isEmpty();
    assertThat(cloud.faults().fired()).isEqualTo(1);
  }
}
