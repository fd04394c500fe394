package org.occmmigrator.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.occmmigrator.platform.OpenStackCredentials;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Port;
import org.openstack4j.openstack.OSFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the objects one contract test needs in the target's project, through the same public APIs on both
 * targets, with names unique to the run ({@code occm-ct-<run>-…}), and removes them again (newest first, best
 * effort: a failing cleanup is logged, never hides the test's own result).
 */
final class CloudFixture implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloudFixture.class);

  /** What the in-tree provider leaves behind for a Service (DOMAIN.md §4), created through LBaaS v2. */
  record OldLoadBalancer(String id, String name, String vipPortId, String floatingIpAddress, String securityGroupName,
      String securityGroupId, String nodeSecurityGroupId) {}

  final OpenStackTarget target;
  final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Deque<Runnable> cleanups = new ArrayDeque<>();
  /** Security groups: only once the ports that use them are gone. */
  private final Deque<Runnable> lastCleanups = new ArrayDeque<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private org.openstack4j.model.identity.v3.Token memberToken;
  private org.openstack4j.model.identity.v3.Token otherToken;

  CloudFixture(OpenStackTarget target) {
    this.target = target;
  }

  /** A unique name for this run. */
  String name(String what) {
    return "occm-ct-" + run + "-" + what;
  }

  /**
   * A client of the test project's member. openstack4j serves every call from the session last bound to the
   * thread, so this binds the member's token anew each time (the adapter binds its own in between).
   */
  OSClientV3 os() {
    if (memberToken == null) {
      memberToken = authenticate(target.member()).getToken();
    }
    return OSFactory.clientFromToken(memberToken);
  }

  /** A client of a member of another project, bound anew each time like {@link #os()}. */
  OSClientV3 other() {
    if (otherToken == null) {
      otherToken = authenticate(target.otherProject()).getToken();
    }
    return OSFactory.clientFromToken(otherToken);
  }

  OSClientV3 authenticate(OpenStackCredentials credentials) {
    return OSFactory.builderV3().endpoint(target.authUrl())
        .credentials(credentials.username(), credentials.password(), Identifier.byName(credentials.domain()))
        .scopeToProject(Identifier.byName(credentials.projectName()), Identifier.byName(credentials.domain())).authenticate();
  }

  String tenantNetworkId() {
    return os().networking().network().list(Map.of("name", target.tenantNetworkName())).get(0).getId();
  }

  String tenantSubnetId() {
    return os().networking().network().get(tenantNetworkId()).getSubnets().get(0);
  }

  String externalNetworkId() {
    return os().networking().network().list().stream().filter(n -> Boolean.TRUE.equals(n.isRouterExternal()))
        .findFirst().orElseThrow().getId();
  }

  Port port(String what) {
    Port port = os().networking().port().create(Builders.port().networkId(tenantNetworkId()).name(name(what)).build());
    cleanups.push(() -> os().networking().port().delete(port.getId()));
    return port;
  }

  /** A security group of the test project (removed after the ports). */
  String securityGroup(String what) {
    var group = os().networking().securitygroup().create(Builders.securityGroup().name(name(what)).build());
    lastCleanups.push(() -> os().networking().securitygroup().delete(group.getId()));
    return group.getId();
  }

  /** A network, subnet and port in another project: {networkId, portId}. */
  String[] foreignPort() {
    var network = other().networking().network().create(Builders.network().name(name("foreign")).build());
    var subnet = other().networking().subnet().create(Builders.subnet().name(name("foreign")).networkId(network.getId())
        .cidr("10.99.0.0/24").ipVersion(org.openstack4j.model.network.IPVersionType.V4).build());
    Port port = other().networking().port().create(Builders.port().networkId(network.getId()).name(name("foreign")).build());
    lastCleanups.push(() -> {
      other().networking().port().delete(port.getId());
      other().networking().subnet().delete(subnet.getId());
      other().networking().network().delete(network.getId());
    });
    return new String[] {network.getId(), port.getId()};
  }

  /** A floating IP chosen by Neutron, on the port if given. */
  NetFloatingIP floatingIp(String portId, String description) {
    var builder = Builders.netFloatingIP().floatingNetworkId(externalNetworkId()).description(description);
    NetFloatingIP fip = os().networking().floatingip().create(portId == null ? builder.build() : builder.portId(portId).build());
    cleanups.push(() -> os().networking().floatingip().delete(fip.getId()));
    return fip;
  }

  /** OCCM describes its FIPs like this (and deletes only those). */
  static String occmDescription(String service) {
    return FloatingIp.OCCM_DESCRIPTION_PREFIX + service + " from cluster kubernetes";
  }

  /**
   * An old LBaaS v2 load balancer as the in-tree provider builds it: listener, pool, two members and a health
   * monitor (waiting for ACTIVE between them), the customer's FIP on its VIP port, its {@code lb-sg-…} security
   * group on the VIP port and a rule in a node security group that references it.
   */
  OldLoadBalancer oldLoadBalancer(String what) {
    var lbaas = os().networking().lbaasV2();
    String name = name(what);
    var lb = lbaas.loadbalancer().create(Builders.loadbalancerV2().name(name).subnetId(tenantSubnetId())
        .description("Kubernetes external service " + what).adminStateUp(true).build());
    cleanups.push(() -> deleteLoadBalancer(lb.getId()));
    awaitOldActive(lb.getId());
    var listener = lbaas.listener().create(Builders.listenerV2().loadBalancerId(lb.getId()).name("listener_" + name + "_0")
        .protocol(org.openstack4j.model.network.ext.ListenerProtocol.TCP).protocolPort(80).build());
    awaitOldActive(lb.getId());
    var pool = lbaas.lbPool().create(Builders.lbpoolV2().listenerId(listener.getId()).name("pool_" + name + "_0")
        .protocol(org.openstack4j.model.network.ext.Protocol.TCP)
        .lbMethod(org.openstack4j.model.network.ext.LbMethod.ROUND_ROBIN).build());
    for (String node : List.of("10.0.0.211", "10.0.0.212")) {
      awaitOldActive(lb.getId());
      lbaas.lbPool().createMember(pool.getId(), Builders.memberV2().address(node).protocolPort(30080)
          .subnetId(tenantSubnetId()).build());
    }
    awaitOldActive(lb.getId());
    lbaas.healthMonitor().create(Builders.healthmonitorV2().poolId(pool.getId())
        .type(org.openstack4j.model.network.ext.HealthMonitorType.TCP).delay(5).timeout(3).maxRetries(3).build());
    awaitOldActive(lb.getId());
    String vipPort = lbaas.loadbalancer().get(lb.getId()).getVipPortId();
    NetFloatingIP fip = floatingIp(vipPort, "");
    String sgName = "lb-sg-" + run + "-" + what;
    var group = os().networking().securitygroup().create(Builders.securityGroup().name(sgName).build());
    lastCleanups.push(() -> os().networking().securitygroup().delete(group.getId()));
    var nodes = os().networking().securitygroup().create(Builders.securityGroup().name(name("nodes")).build());
    lastCleanups.push(() -> os().networking().securitygroup().delete(nodes.getId()));
    os().networking().securityrule().create(Builders.securityGroupRule().securityGroupId(nodes.getId()).direction("ingress")
        .ethertype("IPv4").protocol("tcp").portRangeMin(30080).portRangeMax(30080).remoteGroupId(group.getId()).build());
    setPortSecurityGroups(vipPort, group.getId());
    return new OldLoadBalancer(lb.getId(), name, vipPort, fip.getFloatingIpAddress(), sgName, group.getId(), nodes.getId());
  }

  /** An Octavia load balancer as OCCM creates it (no children needed here); returns it once ACTIVE. */
  org.openstack4j.model.octavia.LoadBalancerV2 octaviaLoadBalancer(String what) {
    var lb = os().octavia().loadBalancerV2().create(Builders.octavia().loadBalancerV2().name(name(what))
        .subnetId(tenantSubnetId()).build());
    cleanups.push(() -> deleteLoadBalancer(lb.getId()));
    await("Octavia LB " + lb.getId() + " ACTIVE", () -> "ACTIVE".equals(String.valueOf(
        os().octavia().loadBalancerV2().get(lb.getId()).getProvisioningStatus())));
    return os().octavia().loadBalancerV2().get(lb.getId());
  }

  void awaitOldActive(String lbId) {
    await("old LB " + lbId + " ACTIVE", () -> "ACTIVE".equals(String.valueOf(
        os().networking().lbaasV2().loadbalancer().get(lbId).getProvisioningStatus())));
  }

  void awaitOldGone(String lbId) {
    await("old LB " + lbId + " gone", () -> os().networking().lbaasV2().loadbalancer().get(lbId) == null);
  }

  /** The in-tree provider puts the lb-sg on the VIP port; openstack4j's port update would resend the whole port. */
  void setPortSecurityGroups(String portId, String groupId) {
    JsonNode answer = request("PUT", networkUrl() + "/v2.0/ports/" + portId,
        Map.of("port", Map.of("security_groups", List.of(groupId))), Map.of());
    if (!answer.path("port").path("security_groups").toString().contains(groupId)) {
      throw new IllegalStateException("Neutron did not put security group " + groupId + " on port " + portId + ": " + answer);
    }
  }

  // --- Keystone through raw HTTP (openstack4j 3.12 has no application credentials)

  /** An application credential of the member for the test project: {id, secret}. */
  String[] applicationCredential() {
    String userId = os().getToken().getUser().getId();
    JsonNode created = request("POST", target.authUrl() + "/users/" + userId + "/application_credentials",
        Map.of("application_credential", Map.of("name", name("appcred"))), Map.of()).path("application_credential");
    String id = created.path("id").asText();
    cleanups.push(() -> request("DELETE", target.authUrl() + "/users/" + userId + "/application_credentials/" + id,
        null, Map.of()));
    return new String[] {id, created.path("secret").asText()};
  }

  /** DELETE /v3/auth/tokens: Keystone revokes the token at once. */
  void revoke(String tokenId) {
    request("DELETE", target.authUrl() + "/auth/tokens", null, Map.of("X-Subject-Token", tokenId));
  }

  /** A raw request with the member's token; returns the JSON answer (empty for 204), throws on ≥ 400. */
  JsonNode request(String method, String url, Object body, Map<String, String> headers) {
    HttpResponse<String> answer = send(method, url, body, headers, os().getToken().getId());
    if (answer.statusCode() >= 400) {
      throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return read(answer.body());
  }

  HttpResponse<String> send(String method, String url, Object body, Map<String, String> headers, String token) {
    try {
      var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (body != null) {
        builder.header("Content-Type", "application/json");
      }
      if (token != null) {
        builder.header("X-Auth-Token", token);
      }
      headers.forEach(builder::header);
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException failed) {
      throw new IllegalStateException(method + " " + url + " failed", failed);
    }
  }

  JsonNode read(String body) {
    try {
      return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
    } catch (java.io.IOException notJson) {
      throw new IllegalStateException("not JSON: " + body, notJson);
    }
  }

  /** The network endpoint from the token's catalog. */
  String networkUrl() {
    return os().getToken().getCatalog().stream().filter(s -> "network".equals(s.getType())).findFirst().orElseThrow()
        .getEndpoints().get(0).getUrl().toString().replaceAll("/+$", "");
  }

  void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + target.settleTime().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not reached within " + target.settleTime());
      }
      sleep(100);
    }
  }

  private void deleteLoadBalancer(String id) {
    // on the rig an old LB is an Octavia LB: one cascade delete; the emulator keeps LBaaS apart (fresh per test)
    if (os().octavia().loadBalancerV2().get(id) != null) {
      os().octavia().loadBalancerV2().cascadeDelete(id);
      await("LB " + id + " deleted", () -> os().octavia().loadBalancerV2().get(id) == null);
    }
  }

  @Override
  public void close() {
    cleanups.addAll(lastCleanups);
    while (!cleanups.isEmpty()) {
      try {
        cleanups.pollFirst().run();
      } catch (RuntimeException | AssertionError failed) {
        log.warn("Cleanup of a contract-test object failed (run {}): {}", run, failed.toString());
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
