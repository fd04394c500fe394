package org.occmmigrator.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.occmmigrator.platform.OpenStackCredentials;
import org.openstack4j.model.network.NetFloatingIP;

/**
 * The OpenStack adapter's contract: every call the migration makes, with the same assertions against the sandbox's
 * emulator ({@link EmulatorContractTest}, every build) and against a real OpenStack Zed ({@link RigContractTest},
 * CI). Where they disagree, the real one is right and the emulator is fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenStackContract {

  OpenStackTarget target;
  CloudFixture cloud;

  /** The target this subclass runs against; may skip or fail when it is not there (see RequiredTool). */
  abstract OpenStackTarget startTarget();

  @BeforeAll
  void start() {
    target = startTarget();
  }

  @AfterAll
  void stop() {
    if (target != null) {
      target.close();
    }
  }

  @BeforeEach
  void fixture() {
    cloud = new CloudFixture(target);
  }

  @AfterEach
  void cleanUp() {
    cloud.close();
  }

  OpenStackProject project(OpenStackCredentials credentials) {
    return new OpenStackProject(sessions(), access(credentials), Clock.systemUTC(), target.settleTime());
  }

  OpenStackSessions sessions() {
    return new OpenStackSessions(Clock.systemUTC(), Duration.ofSeconds(30));
  }

  ProjectAccess access(OpenStackCredentials credentials) {
    return new ProjectAccess(target.authUrl(), "RegionOne", "public", credentials);
  }

  static OpenStackCredentials applicationCredential(String[] idAndSecret) {
    return new OpenStackCredentials(null, null, null, null, null, idAndSecret[0], idAndSecret[1]);
  }

  static OpenStackCredentials withPassword(OpenStackCredentials credentials, String password) {
    return new OpenStackCredentials(credentials.username(), password, credentials.projectId(), credentials.projectName(),
        credentials.domain(), null, null);
  }

  // --- Keystone

  @Test
  void authenticatesWithAPasswordAndFindsOctaviaInTheCatalog() {
    OpenStackProject project = project(target.member());
    assertThat(project.octaviaInCatalog()).isTrue();
    assertThat(project.freeQuota()).isNotNull();
  }

  @Test
  void authenticatesWithAnApplicationCredentialCreatedForTheUser() {
    NetFloatingIP fip = cloud.floatingIp(null, "");
    OpenStackProject viaCredential = project(applicationCredential(cloud.applicationCredential()));
    assertThat(viaCredential.floatingIpByAddress(fip.getFloatingIpAddress())).as("the same project").isPresent();
  }

  @Test
  void aWrongPasswordIsPermanentAndSaysWhichSecretToCheck() {
    OpenStackProject wrong = project(withPassword(target.member(), "Wrong-Pass-9"));
    assertThatThrownBy(() -> wrong.floatingIpByAddress("203.0.113.1"))
        .isInstanceOf(OpenStackPermanentException.class)
        .hasMessageContaining("HTTP 401").hasMessageContaining("credential-openstack-")
        .hasMessageNotContaining("Wrong-Pass-9");
  }

  @Test
  void aWrongApplicationCredentialSecretIsPermanentAndSaysWhichSecretToCheck() {
    String[] credential = cloud.applicationCredential();
    OpenStackProject wrong = project(applicationCredential(new String[] {credential[0], "not-the-secret"}));
    assertThatThrownBy(() -> wrong.floatingIpByAddress("203.0.113.1"))
        .isInstanceOf(OpenStackPermanentException.class)
        .hasMessageContaining("HTTP 401").hasMessageContaining("credential-openstack-")
        .hasMessageContaining("applicationCredentialSecret").hasMessageNotContaining("not-the-secret");
  }

  @Test
  void aRevokedTokenIsRefusedByKeystoneAtOnce() {
    // Keystone refuses it at once. Neutron and Octavia may accept it for up to keystonemiddleware's token_cache_time
    // (300 s by default, per API worker) — seen on the real Zed, so the product never relies on a revocation there.
    String token = cloud.authenticate(target.member()).getToken().getId();
    String other = cloud.authenticate(target.member()).getToken().getId();
    assertThat(cloud.send("GET", cloud.networkUrl() + "/v2.0/floatingips", null, Map.of(), token).statusCode()).isEqualTo(200);
    assertThat(cloud.send("GET", target.authUrl() + "/auth/tokens", null, Map.of("X-Subject-Token", token), other)
        .statusCode()).isEqualTo(200);
    cloud.revoke(token);
    assertThat(cloud.send("GET", target.authUrl() + "/auth/tokens", null, Map.of("X-Subject-Token", token), other)
        .statusCode()).isEqualTo(404);
  }

  @Test
  void aPasswordSessionAuthenticatesAnewAfterItsTokenWasRevoked() {
    assertRecoversFromRevocation(target.member());
  }

  @Test
  void anApplicationCredentialSessionAuthenticatesAnewAfterItsTokenWasRevoked() {
    assertRecoversFromRevocation(applicationCredential(cloud.applicationCredential()));
  }

  private void assertRecoversFromRevocation(OpenStackCredentials credentials) {
    NetFloatingIP fip = cloud.floatingIp(null, "");
    OpenStackSessions sessions = sessions();
    ProjectAccess access = access(credentials);
    OpenStackProject project = new OpenStackProject(sessions, access, Clock.systemUTC(), target.settleTime());
    // authenticate at Keystone only: a service that saw the token may accept it from its cache after the revocation
    assertThat(sessions.projectId(access)).isNotBlank();
    String revoked = sessions.cachedTokenId(access);
    cloud.revoke(revoked);

    assertThat(project.floatingIpByAddress(fip.getFloatingIpAddress())).as("the next call works").isPresent();
    assertThat(sessions.cachedTokenId(access)).as("with a new token").isNotEqualTo(revoked);
  }

  @Test
  void keystoneSpellsTheSubjectTokenHeaderAsDocumented() throws Exception {
    OpenStackCredentials member = target.member();
    String body = """
        {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","password":"%s","domain":{"name":"%s"}}}}}}"""
        .formatted(member.username(), member.password(), member.domain());
    URI auth = URI.create(target.authUrl() + "/auth/tokens");
    List<String> headerNames = new ArrayList<>();
    try (Socket socket = new Socket(auth.getHost(), auth.getPort())) {
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(("POST " + auth.getRawPath() + " HTTP/1.1\r\nHost: " + auth.getHost() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.contains(":")) {
          headerNames.add(line.substring(0, line.indexOf(':')));
        }
      }
    }
    // HTTP says names are case-insensitive, but clients that compare them exactly exist; Keystone writes this
    if (spellsHeaderNamesExactly()) {
      assertThat(headerNames).contains("X-Subject-Token");
    } else {
      assertThat(headerNames).anyMatch("X-Subject-Token"::equalsIgnoreCase);
    }
  }

  /** Whether the target writes header names as given (a real Keystone does). */
  boolean spellsHeaderNamesExactly() {
    return true;
  }

  // --- Neutron: floating IPs

  @Test
  void findsTheExternalNetworkWithABooleanFilterAsNeutronWritesIt() {
    assertThat(cloud.os().networking().network().list(Map.of("router:external", "True")))
        .extracting(n -> n.getId()).containsExactly(cloud.externalNetworkId());
  }

  @Test
  void movesTheCustomerIpInOnePutAfterDetachingOccmsIpAndBackAgain() {
    String oldPort = cloud.port("old-vip").getId();
    String newPort = cloud.port("new-vip").getId();
    NetFloatingIP customer = cloud.floatingIp(oldPort, "");
    NetFloatingIP occms = cloud.floatingIp(newPort, CloudFixture.occmDescription("shop/frontend"));
    OpenStackProject project = project(target.member());

    FloatingIpMove move = project.moveFloatingIp(customer.getFloatingIpAddress(), newPort);

    assertThat(project.floatingIpByAddress(customer.getFloatingIpAddress()).orElseThrow().portId()).isEqualTo(newPort);
    assertThat(project.floatingIpByAddress(occms.getFloatingIpAddress()).orElseThrow().portId()).as("OCCM's detached").isNull();
    assertThat(move.detachedFloatingIpId()).isEqualTo(occms.getId());
    assertThat(move.fromPortId()).isEqualTo(oldPort);
    assertThat(move.singleCall()).isTrue();
    assertThat(move.unattachedWindow()).as("Neutron re-binds in one transaction").isZero();
    assertThat(move.apiLatency()).isPositive();
    System.out.printf("contract[%s]: one-PUT move, API latency %d ms, unattached %d ms%n", getClass().getSimpleName(),
        move.apiLatency().toMillis(), move.unattachedWindow().toMillis());

    assertThat(project.moveFloatingIp(customer.getFloatingIpAddress(), newPort).fromPortId()).as("again: nothing").isNull();

    project.attachFloatingIp(customer.getFloatingIpAddress(), oldPort);
    assertThat(project.floatingIpByAddress(customer.getFloatingIpAddress()).orElseThrow().portId()).as("moved back")
        .isEqualTo(oldPort);
  }

  @Test
  void refusesToMoveOntoAPortOfAnotherProjectAndLeavesTheIpWhereItWas() {
    String oldPort = cloud.port("old-vip").getId();
    NetFloatingIP customer = cloud.floatingIp(oldPort, "");
    String foreignPort = cloud.foreignPort()[1];
    OpenStackProject project = project(target.member());

    assertThatThrownBy(() -> project.moveFloatingIp(customer.getFloatingIpAddress(), foreignPort))
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("404");
    assertThat(project.floatingIpByAddress(customer.getFloatingIpAddress()).orElseThrow().portId()).isEqualTo(oldPort);
  }

  @Test
  void releasesOnlyFloatingIpsThatOccmAllocatedAndOnlyWhenFree() {
    String port = cloud.port("vip").getId();
    NetFloatingIP occms = cloud.floatingIp(port, CloudFixture.occmDescription("shop/frontend"));
    NetFloatingIP customers = cloud.floatingIp(null, "");
    OpenStackProject project = project(target.member());

    assertThatThrownBy(() -> project.releaseOccmFloatingIp(occms.getId())).as("still on a port")
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("in use");
    assertThatThrownBy(() -> project.releaseOccmFloatingIp(customers.getId()))
        .isInstanceOf(OpenStackPermanentException.class).hasMessageContaining("not allocated by OCCM");
    cloud.os().networking().floatingip().disassociateFromPort(occms.getId());
    assertThat(project.releaseOccmFloatingIp(occms.getId())).isTrue();
    assertThat(project.floatingIpByAddress(occms.getFloatingIpAddress())).isEmpty();
    assertThat(project.releaseOccmFloatingIp(occms.getId())).as("gone already").isFalse();
    assertThat(project.floatingIpByAddress(customers.getFloatingIpAddress())).isPresent();
  }

  @Test
  void deletingAPortClearsTheFloatingIpOnIt() {
    String port = cloud.port("vip").getId();
    NetFloatingIP fip = cloud.floatingIp(port, "");
    assertThat(cloud.os().networking().port().delete(port).isSuccess()).isTrue();
    assertThat(project(target.member()).floatingIpByAddress(fip.getFloatingIpAddress()).orElseThrow().portId()).isNull();
  }

  @Test
  void aRefusedFloatingIpCreateLeavesNothingAllocated() {
    String port = cloud.port("vip").getId();
    cloud.floatingIp(port, "");
    int before = cloud.os().networking().floatingip().list().size();
    assertThatThrownBy(() -> cloud.floatingIp(port, "second")).hasMessageContaining("already has a floating IP");
    assertThat(cloud.os().networking().floatingip().list()).hasSize(before);
  }

  @Test
  void floatingIpsCarryNeutronsStandardFields() {
    NetFloatingIP fip = cloud.floatingIp(null, "");
    JsonNode raw = cloud.request("GET", cloud.networkUrl() + "/v2.0/floatingips/" + fip.getId(), null, Map.of())
        .path("floatingip");
    assertThat(raw.fieldNames()).toIterable().contains("id", "floating_ip_address", "floating_network_id", "port_id",
        "fixed_ip_address", "router_id", "status", "project_id", "tenant_id", "description", "tags", "created_at",
        "updated_at", "revision_number");
    JsonNode changed = cloud.request("PUT", cloud.networkUrl() + "/v2.0/floatingips/" + fip.getId(),
        Map.of("floatingip", Map.of("port_id", cloud.port("vip").getId())), Map.of()).path("floatingip");
    assertThat(changed.path("revision_number").asInt()).isGreaterThan(raw.path("revision_number").asInt());
  }

  @Test
  void aPutOnTheFloatingIpCollectionIsNotFound() {
    String token = cloud.os().getToken().getId();
    var answer = cloud.send("PUT", cloud.networkUrl() + "/v2.0/floatingips/", Map.of("floatingip", Map.of()), Map.of(), token);
    assertThat(answer.statusCode()).isIn(404, 405);
  }

  // --- Neutron: ports, networks, security groups

  @Test
  void anotherProjectsNetworksAndPortsAreInvisible() {
    String[] foreign = cloud.foreignPort();
    assertThat(cloud.os().networking().port().get(foreign[1])).isNull();
    assertThat(cloud.os().networking().network().get(foreign[0])).isNull();
    assertThat(cloud.os().networking().port().list()).noneMatch(p -> p.getId().equals(foreign[1]));
    assertThat(cloud.os().networking().network().list()).noneMatch(n -> n.getId().equals(foreign[0]));
  }

  @Test
  void portsCanBeChangedAndDeleted() {
    String port = cloud.port("vip").getId();
    String group = cloud.securityGroup("sg");
    cloud.setPortSecurityGroups(port, group);
    assertThat(cloud.os().networking().port().get(port).getSecurityGroups()).containsExactly(group);
    assertThat(cloud.os().networking().port().delete(port).isSuccess()).isTrue();
    assertThat(cloud.os().networking().port().get(port)).isNull();
  }

  @Test
  void aSecurityGroupInUseByAPortCannotBeDeleted() {
    String port = cloud.port("vip").getId();
    String group = cloud.securityGroup("sg");
    cloud.setPortSecurityGroups(port, group);
    var refused = cloud.os().networking().securitygroup().delete(group);
    assertThat(refused.getCode()).isEqualTo(409);
    assertThat(refused.getFault()).contains("in use");
    cloud.os().networking().port().delete(port);
    assertThat(cloud.os().networking().securitygroup().delete(group).isSuccess()).isTrue();
  }

  // --- load balancers

  @Test
  void findsTheOldLoadBalancerThroughLbaasV2WithItsFloatingIp() {
    CloudFixture.OldLoadBalancer old = cloud.oldLoadBalancer("find");
    OpenStackProject project = project(target.member());

    LoadBalancer found = project.legacyLoadBalancer(old.name()).orElseThrow();

    assertThat(found.kind()).isEqualTo(LoadBalancer.Kind.NEUTRON_LBAAS);
    assertThat(found.id()).isEqualTo(old.id());
    assertThat(found.vipPortId()).isEqualTo(old.vipPortId());
    assertThat(found.floatingIpAddress()).isEqualTo(old.floatingIpAddress());
    assertThat(found.active()).isTrue();
    assertThat(project.legacyLoadBalancer(cloud.name("none"))).isEmpty();
  }

  @Test
  void findsOctaviaLoadBalancersByNameAndById() {
    var lb = cloud.octaviaLoadBalancer("new");
    NetFloatingIP fip = cloud.floatingIp(lb.getVipPortId(), CloudFixture.occmDescription("shop/frontend"));
    OpenStackProject project = project(target.member());

    LoadBalancer byName = project.octaviaLoadBalancer(lb.getName()).orElseThrow();
    assertThat(byName.kind()).isEqualTo(LoadBalancer.Kind.OCTAVIA);
    assertThat(byName.floatingIpAddress()).isEqualTo(fip.getFloatingIpAddress());
    assertThat(project.octaviaLoadBalancerById(lb.getId()).orElseThrow().vipPortId()).isEqualTo(lb.getVipPortId());
    assertThat(project.octaviaLoadBalancer(cloud.name("none"))).isEmpty();
    assertThat(project.octaviaLoadBalancerById("00000000-0000-0000-0000-000000000000")).isEmpty();
  }

  @Test
  void anOldLoadBalancerWithChildrenCannotBeDeletedAtOnce() {
    CloudFixture.OldLoadBalancer old = cloud.oldLoadBalancer("children");
    var refused = cloud.os().networking().lbaasV2().loadbalancer().delete(old.id());
    assertThat(refused.getCode()).as("no cascade in LBaaS v2; Octavia answers 400").isEqualTo(400);
    assertThat(refused.getFault()).contains("children");
  }

  @Test
  void deletesTheOldLoadBalancerInOrderThenItsSecurityGroupAndTheNodeRules() {
    CloudFixture.OldLoadBalancer old = cloud.oldLoadBalancer("delete");
    OpenStackProject project = project(target.member());

    project.deleteLegacyLoadBalancer(old.name(), old.securityGroupName());

    assertThat(cloud.os().networking().lbaasV2().loadbalancer().get(old.id())).isNull();
    assertThat(cloud.os().networking().securitygroup().list(Map.of("name", old.securityGroupName()))).isEmpty();
    assertThat(cloud.os().networking().securityrule().list(Map.of("security_group_id", old.nodeSecurityGroupId())))
        .noneMatch(rule -> old.securityGroupId().equals(rule.getRemoteGroupId()));
    assertThat(project.floatingIpByAddress(old.floatingIpAddress())).as("the customer's IP is kept").isPresent()
        .hasValueSatisfying(fip -> assertThat(fip.portId()).as("its VIP port is gone").isNull());

    project.deleteLegacyLoadBalancer(old.name(), old.securityGroupName()); // again: nothing left, no error
  }

  @Test
  void deletingAgainWhileTheOldLoadBalancerIsPendingDeleteWaitsForIt() {
    CloudFixture.OldLoadBalancer old = cloud.oldLoadBalancer("pending");
    OpenStackProject project = project(target.member());
    // an earlier run got as far as the load balancer's own delete (here: Octavia's cascade, same end state)
    var lbaas = cloud.os().networking().lbaasV2();
    var listeners = lbaas.loadbalancer().get(old.id()).getListeners().stream().map(ref -> ref.getId()).toList();
    var pool = (org.openstack4j.model.network.ext.LbPoolV2) lbaas.lbPool().list().stream()
        .filter(p -> p.getListeners().stream().anyMatch(ref -> listeners.contains(ref.getId()))).findFirst().orElseThrow();
    lbaas.healthMonitor().delete(pool.getHealthMonitorId());
    deleteChildrenByHand(old, pool);
    assertThat(lbaas.loadbalancer().delete(old.id()).isSuccess()).isTrue();

    project.deleteLegacyLoadBalancer(old.name(), old.securityGroupName());

    assertThat(lbaas.loadbalancer().get(old.id())).isNull();
    assertThat(cloud.os().networking().securitygroup().list(Map.of("name", old.securityGroupName()))).isEmpty();
  }

  private void deleteChildrenByHand(CloudFixture.OldLoadBalancer old, org.openstack4j.model.network.ext.LbPoolV2 pool) {
    var lbaas = cloud.os().networking().lbaasV2();
    cloud.awaitOldActive(old.id());
    for (var member : lbaas.lbPool().listMembers(pool.getId())) {
      cloud.awaitOldActive(old.id());
      lbaas.lbPool().deleteMember(pool.getId(), member.getId());
    }
    cloud.awaitOldActive(old.id());
    lbaas.lbPool().delete(pool.getId());
    cloud.awaitOldActive(old.id());
    for (var listener : pool.getListeners()) {
      cloud.awaitOldActive(old.id());
      lbaas.listener().delete(listener.getId());
    }
    cloud.awaitOldActive(old.id());
  }

  // --- quota

  @Test
  void reportsFreeFloatingIpQuotaAsNeutronCountsIt() {
    OpenStackProject project = project(target.member());
    ProjectQuota before = project.freeQuota();
    cloud.floatingIp(null, "");
    ProjectQuota after = project.freeQuota();
    assertThat(before.freeFloatingIps()).as("both targets limit floating IPs").isPositive();
    assertThat(after.freeFloatingIps()).isEqualTo(before.freeFloatingIps() - 1);
    assertThat(after.freeLoadBalancers()).isEqualTo(before.freeLoadBalancers());
  }
}
