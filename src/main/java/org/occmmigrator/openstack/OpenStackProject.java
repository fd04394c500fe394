package org.occmmigrator.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.model.network.ext.LbPoolV2;
import org.openstack4j.model.network.ext.LoadBalancerV2;
import org.openstack4j.openstack.networking.domain.ext.ListItem;

/**
 * One cluster's OpenStack project: its old and new load balancers and floating IPs. Every operation
 * looks at the current state first, so that running it again (a retried job) does no harm.
 */
public class OpenStackProject {

  private final OpenStackSessions sessions;
  private final ProjectAccess access;
  private final Clock clock;
  private final Duration activeWait;

  /** {@code activeWait}: how long one operation (one job) waits for Neutron in total, over all its waits. */
  public OpenStackProject(OpenStackSessions sessions, ProjectAccess access, Clock clock, Duration activeWait) {
    this.sessions = sessions;
    this.access = access;
    this.clock = clock;
    this.activeWait = activeWait;
  }

  public boolean octaviaInCatalog() {
    return sessions.catalogHas(access, "load-balancer");
  }

  // --- load balancers

  /** The in-tree provider's Neutron LBaaS v2 load balancer with that name. */
  public Optional<LoadBalancer> legacyLoadBalancer(String name) {
    return call("find the old load balancer " + name, os -> os.networking().lbaasV2().loadbalancer()
        .list(Map.of("name", name)).stream().findFirst().map(lb -> legacy(os, lb)));
  }

  public Optional<LoadBalancer> octaviaLoadBalancer(String name) {
    return call("find the Octavia load balancer " + name, os -> os.octavia().loadBalancerV2()
        .list(Map.of("name", name)).stream().findFirst().map(lb -> octavia(os, lb)));
  }

  /** When Octavia created the load balancer (seconds); empty when it is gone. */
  public Optional<Instant> octaviaLoadBalancerCreatedAt(String id) {
    return call("read when Octavia load balancer " + id + " was created",
        os -> new KeystoneExtensions.OctaviaLoadBalancers().createdAt(id));
  }

  public Optional<LoadBalancer> octaviaLoadBalancerById(String id) {
    return call("read the Octavia load balancer " + id,
        os -> Optional.ofNullable(os.octavia().loadBalancerV2().get(id)).map(lb -> octavia(os, lb)));
  }

  /**
   * Deletes an old LBaaS v2 load balancer in the only order Neutron accepts (no cascade; an LB with children is
   * refused with 400): health monitors, members, pools, listeners, the load balancer, waiting for ACTIVE between
   * mutations; then waits until the load balancer is really gone (404) — its VIP port holds the security group until
   * then, and deleting the group earlier is refused with 409 SecurityGroupInUse (real Neutron Zed) — and deletes its
   * security group and the node security-group rules that reference it. A load balancer already PENDING_DELETE (an
   * earlier run's delete still proceeding) is waited for. Gone already is success.
   *
   * <p>All waits of one call together last at most the active wait, so that the job running this stays well inside
   * Camunda's job lock (see ClusterClouds); a call that runs out of it stops, and the next one (the job's retry)
   * continues where it stopped: what is deleted is no longer listed.
   *
   * @throws OpenStackTransientException when the load balancer is still PENDING_* when the active wait is used up, or
   *     the group is still in use
   * @throws OpenStackPermanentException when the load balancer is in ERROR
   */
  public void deleteLegacyLoadBalancer(String name, String securityGroupName) {
    Optional<LoadBalancer> found = legacyLoadBalancer(name);
    if (found.isPresent()) {
      String lbId = found.get().id();
      Instant deadline = clock.instant().plus(activeWait);
      call("delete the old load balancer " + name, os -> {
        deleteInOrder(os, lbId, deadline);
        awaitGone(os, lbId, deadline);
        return null;
      });
    }
    if (securityGroupName != null) {
      deleteSecurityGroup(securityGroupName);
    }
  }

  private void deleteInOrder(OSClientV3 os, String lbId, Instant deadline) {
    var lbaas = os.networking().lbaasV2();
    if (!awaitActiveOrLeaving(os, lbId, deadline)) {
      return;
    }
    LoadBalancerV2 lb = lbaas.loadbalancer().get(lbId);
    if (lb == null) {
      return;
    }
    Set<String> listenerIds = ids(lb.getListeners());
    List<LbPoolV2> pools = lbaas.lbPool().list().stream()
        .filter(pool -> ids(pool.getListeners()).stream().anyMatch(listenerIds::contains)).map(p -> (LbPoolV2) p).toList();
    for (LbPoolV2 pool : pools) {
      if (pool.getHealthMonitorId() != null && !pool.getHealthMonitorId().isBlank()) {
        if (!awaitActiveOrLeaving(os, lbId, deadline)) {
          return;
        }
        expectDeleted(lbaas.healthMonitor().delete(pool.getHealthMonitorId()), "health monitor " + pool.getHealthMonitorId());
      }
      for (var member : lbaas.lbPool().listMembers(pool.getId())) {
        if (!awaitActiveOrLeaving(os, lbId, deadline)) {
          return;
        }
        expectDeleted(lbaas.lbPool().deleteMember(pool.getId(), member.getId()), "member " + member.getId());
      }
    }
    for (LbPoolV2 pool : pools) {
      if (!awaitActiveOrLeaving(os, lbId, deadline)) {
        return;
      }
      expectDeleted(lbaas.lbPool().delete(pool.getId()), "pool " + pool.getId());
    }
    for (String listenerId : listenerIds) {
      if (!awaitActiveOrLeaving(os, lbId, deadline)) {
        return;
      }
      expectDeleted(lbaas.listener().delete(listenerId), "listener " + listenerId);
    }
    if (!awaitActiveOrLeaving(os, lbId, deadline)) {
      return;
    }
    ActionResponse deleted = lbaas.loadbalancer().delete(lbId);
    if (deleted.getCode() == 409 && status(os, lbId).equals("PENDING_DELETE")) {
      return; // another run's delete got there first
    }
    expectDeleted(deleted, "load balancer " + lbId);
  }

  private void deleteSecurityGroup(String name) {
    call("delete security group " + name, os -> {
      for (var group : os.networking().securitygroup().list(Map.of("name", name))) {
        for (SecurityGroupRule rule : os.networking().securityrule().list(Map.of("remote_group_id", group.getId()))) {
          if (!group.getId().equals(rule.getSecurityGroupId())) {
            os.networking().securityrule().delete(rule.getId());
          }
        }
        expectDeleted(os.networking().securitygroup().delete(group.getId()), "security group " + name);
      }
      return null;
    });
  }

  // --- floating IPs

  public Optional<FloatingIp> floatingIpByAddress(String address) {
    return call("find floating IP " + address, os -> os.networking().floatingip()
        .list(Map.of("floating_ip_address", address)).stream().findFirst().map(OpenStackProject::floatingIp));
  }

  public Optional<FloatingIp> floatingIpOnPort(String portId) {
    return call("find the floating IP on port " + portId, os -> os.networking().floatingip()
        .list(Map.of("port_id", portId)).stream().findFirst().map(OpenStackProject::floatingIp));
  }

  /**
   * Moves the floating IP onto the target port so that it is never on no port while Neutron allows it: first
   * detaches the FIP already on the target (OCCM's new one; Neutron refuses a second FIP on a port with 409
   * FloatingIPPortAlreadyAssociated), then re-binds in one PUT, which real Neutron performs atomically. Only when the
   * cloud's answer says that it refuses re-binding an associated FIP ({@link RebindRefusal}) does it detach and
   * attach; if that attach fails too, the address is put back on its old port before the failure is thrown.
   * Already on the target: nothing happens.
   *
   * @return timings and what was detached (see {@link FloatingIpMove})
   * @throws FloatingIpMoveFailed when the fallback's attach was refused (the address is back on the old port, or
   *     the message says how to attach it by hand)
   * @throws OpenStackPermanentException for an unknown address or a refused re-bind (e.g. a port of another project:
   *     404); the address then stays on its old port
   */
  public FloatingIpMove moveFloatingIp(String address, String targetPortId) {
    FloatingIp fip = floatingIpByAddress(address)
        .orElseThrow(() -> new OpenStackPermanentException("Floating IP " + address + " does not exist in the project"));
    if (targetPortId.equals(fip.portId())) {
      Instant now = clock.instant();
      return new FloatingIpMove(address, null, targetPortId, now, now, null, null, true, null, null);
    }
    FloatingIp occupant = floatingIpOnPort(targetPortId).filter(other -> !other.id().equals(fip.id())).orElse(null);
    if (occupant != null) {
      call("detach floating IP " + occupant.address() + " from port " + targetPortId,
          os -> os.networking().floatingip().disassociateFromPort(occupant.id()));
    }
    String detachedId = occupant == null ? null : occupant.id();
    return call("move floating IP " + address + " to port " + targetPortId, os -> {
      // the last read that shows where the address is before the risky call
      String fromPort = os.networking().floatingip().get(fip.id()).getPortId();
      Instant lastSeenOnOldPort = clock.instant();
      if (targetPortId.equals(fromPort)) {
        return new FloatingIpMove(address, null, targetPortId, lastSeenOnOldPort, lastSeenOnOldPort, null, null, true,
            detachedId, occupant == null ? null : occupant.address());
      }
      Instant requested = clock.instant();
      Instant unattachedFrom = null;
      NetFloatingIP answer;
      try {
        answer = os.networking().floatingip().associateToPort(fip.id(), targetPortId);
      } catch (ResponseException refused) {
        if (fromPort == null || !RebindRefusal.says(refused.getStatus(), refused.getMessage())) {
          throw refused;
        }
        os.networking().floatingip().disassociateFromPort(fip.id());
        unattachedFrom = lastSeenOnOldPort;
        answer = attachOrPutBack(os, fip, fromPort, targetPortId, detachedId, refused);
      }
      Instant confirmed = clock.instant();
      if (answer == null || !targetPortId.equals(answer.getPortId())) {
        throw new OpenStackTransientException("Floating IP " + address + " is on port "
            + (answer == null ? "?" : answer.getPortId()) + " after the move to " + targetPortId);
      }
      return new FloatingIpMove(address, fromPort, targetPortId, requested, confirmed, unattachedFrom,
          unattachedFrom == null ? null : confirmed, unattachedFrom == null, detachedId,
          occupant == null ? null : occupant.address());
    });
  }

  /** The fallback's attach; if Neutron refuses it, the address goes back where it was before anything is thrown. */
  private NetFloatingIP attachOrPutBack(OSClientV3 os, FloatingIp fip, String oldPort, String targetPortId,
      String detachedId, ResponseException rebindRefused) {
    try {
      return os.networking().floatingip().associateToPort(fip.id(), targetPortId);
    } catch (RuntimeException attachRefused) {
      String why = "Neutron refused to re-bind floating IP " + fip.address() + " (" + rebindRefused.getMessage()
          + ") and then to attach it to port " + targetPortId + " (" + attachRefused.getMessage() + ")";
      try {
        os.networking().floatingip().associateToPort(fip.id(), oldPort);
      } catch (RuntimeException putBackFailed) {
        throw new FloatingIpMoveFailed(why + "; putting it back on its old port " + oldPort + " failed too ("
            + putBackFailed.getMessage() + "): the address is on NO port. Attach it by hand now: openstack floating ip set "
            + "--port " + oldPort + " " + fip.address(), false, detachedId, attachRefused);
      }
      throw new FloatingIpMoveFailed(why + ". It is back on its old port " + oldPort
          + " and served by the old load balancer. Check: the target port and the cloud's floating-IP rules, then retry "
          + "the incident", true, detachedId, attachRefused);
    }
  }

  /** Puts a floating IP back onto a port (the rollback of a move while the old LB still forwards). */
  public void attachFloatingIp(String address, String portId) {
    moveFloatingIp(address, portId);
  }

  /** Deletes a floating IP that OCCM allocated (its description says so); the customer's are never touched. */
  public boolean releaseOccmFloatingIp(String floatingIpId) {
    return call("release floating IP " + floatingIpId, os -> {
      NetFloatingIP fip = os.networking().floatingip().get(floatingIpId);
      if (fip == null) {
        return false;
      }
      if (!floatingIp(fip).allocatedByOccm()) {
        throw new OpenStackPermanentException("Floating IP " + fip.getFloatingIpAddress()
            + " was not allocated by OCCM; it is kept");
      }
      if (fip.getPortId() != null) {
        throw new OpenStackPermanentException("Floating IP " + fip.getFloatingIpAddress() + " is in use on port "
            + fip.getPortId() + "; it is kept");
      }
      expectDeleted(os.networking().floatingip().delete(floatingIpId), "floating IP " + floatingIpId);
      return true;
    });
  }

  /** Deletes a customer's floating IP; only call with the customer's consent recorded. */
  public void releaseFloatingIpWithConsent(String address) {
    floatingIpByAddress(address).ifPresent(fip -> call("release floating IP " + address,
        os -> expectDeleted(os.networking().floatingip().delete(fip.id()), "floating IP " + address)));
  }

  /**
   * The listener ports and pool members of an Octavia load balancer, read through its listeners (the LB lists
   * their ids) so that no list filter is needed. Empty sets while OCCM has not created them yet.
   */
  public LoadBalancerServing octaviaServing(String loadBalancerId) {
    return call("read the listeners and members of Octavia load balancer " + loadBalancerId, os -> {
      var lb = os.octavia().loadBalancerV2().get(loadBalancerId);
      Set<Integer> ports = new java.util.TreeSet<>();
      Set<String> members = new java.util.TreeSet<>();
      if (lb == null || lb.getListeners() == null) {
        return new LoadBalancerServing(ports, members);
      }
      for (var item : lb.getListeners()) {
        var listener = os.octavia().listenerV2().get(item.getId());
        if (listener == null) {
          continue;
        }
        ports.add(listener.getProtocolPort());
        if (listener.getDefaultPoolId() != null) {
          os.octavia().lbPoolV2().listMembers(listener.getDefaultPoolId()).forEach(m -> members.add(m.getAddress()));
        }
      }
      return new LoadBalancerServing(ports, members);
    });
  }

  /** Names of the external networks (router:external) the project sees; floating IPs come from one of them. */
  public List<String> externalNetworks() {
    return call("list the external networks", os -> os.networking().network().list().stream()
        .filter(network -> network.isRouterExternal()).map(network -> network.getName()).sorted().toList());
  }

  // --- quota

  public ProjectQuota freeQuota() {
    String projectId = sessions.projectId(access);
    return call("read the quota of project " + projectId, os -> {
      int fipQuota = os.networking().quotas().get(projectId).getFloatingIP();
      int fipsUsed = os.networking().floatingip().list(Map.of("project_id", projectId)).size();
      int lbQuota = new KeystoneExtensions.OctaviaQuotas().loadBalancers(projectId);
      int lbsUsed = os.octavia().loadBalancerV2().list(Map.of("project_id", projectId)).size();
      return new ProjectQuota(lbQuota < 0 ? -1 : Math.max(0, lbQuota - lbsUsed),
          fipQuota < 0 ? -1 : Math.max(0, fipQuota - fipsUsed));
    });
  }

  // --- helpers

  private <T> T call(String what, java.util.function.Function<OSClientV3, T> action) {
    return sessions.call(access, what, action);
  }

  /**
   * Waits until the load balancer is ACTIVE (true: the next mutation may go) or is being deleted or gone (false:
   * nothing left to do but wait for 404). PENDING_CREATE/UPDATE wait; ERROR is permanent.
   */
  private boolean awaitActiveOrLeaving(OSClientV3 os, String lbId, Instant deadline) {
    while (true) {
      String status = status(os, lbId);
      if ("ACTIVE".equals(status)) {
        return true;
      }
      if ("PENDING_DELETE".equals(status) || GONE.equals(status)) {
        return false;
      }
      failOrWait(lbId, status, deadline);
    }
  }

  /** Waits until the load balancer answers 404; its VIP port (and the security group on it) is gone with it. */
  private void awaitGone(OSClientV3 os, String lbId, Instant deadline) {
    while (true) {
      String status = status(os, lbId);
      if (GONE.equals(status)) {
        return;
      }
      failOrWait(lbId, status, deadline);
    }
  }

  private static final String GONE = "GONE";

  private static String status(OSClientV3 os, String lbId) {
    LoadBalancerV2 lb = os.networking().lbaasV2().loadbalancer().get(lbId);
    return lb == null || "DELETED".equals(String.valueOf(lb.getProvisioningStatus())) ? GONE
        : String.valueOf(lb.getProvisioningStatus());
  }

  private void failOrWait(String lbId, String status, Instant deadline) {
    if ("ERROR".equals(status)) {
      throw new OpenStackPermanentException("Old load balancer " + lbId + " is in ERROR; delete it by hand "
          + "(openstack loadbalancer delete --cascade " + lbId + ") and retry the incident");
    }
    if (clock.instant().isAfter(deadline)) {
      throw new OpenStackTransientException("Old load balancer " + lbId + " is still " + status + " after this job's wait of "
          + activeWait + "; the step retries by itself and continues where it stopped");
    }
    try {
      Thread.sleep(200); // Neutron settles within seconds; bounded by the deadline of the whole job
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new OpenStackTransientException("Interrupted while waiting for load balancer " + lbId);
    }
  }

  private static Void expectDeleted(ActionResponse response, String what) {
    if (response.isSuccess() || response.getCode() == 404) {
      return null;
    }
    String message = "Cannot delete " + what + ": HTTP " + response.getCode() + " " + response.getFault();
    if (response.getCode() == 409 || response.getCode() >= 500) {
      throw new OpenStackTransientException(message);
    }
    throw new OpenStackPermanentException(message);
  }

  private static Set<String> ids(List<ListItem> items) {
    return items == null ? Set.of() : items.stream().map(ListItem::getId).collect(Collectors.toSet());
  }

  private static LoadBalancer legacy(OSClientV3 os, LoadBalancerV2 lb) {
    return new LoadBalancer(LoadBalancer.Kind.NEUTRON_LBAAS, lb.getId(), lb.getName(), lb.getVipPortId(), lb.getVipAddress(),
        String.valueOf(lb.getProvisioningStatus()), String.valueOf(lb.getOperatingStatus()), fipAddressOn(os, lb.getVipPortId()));
  }

  private static LoadBalancer octavia(OSClientV3 os, org.openstack4j.model.octavia.LoadBalancerV2 lb) {
    return new LoadBalancer(LoadBalancer.Kind.OCTAVIA, lb.getId(), lb.getName(), lb.getVipPortId(), lb.getVipAddress(),
        String.valueOf(lb.getProvisioningStatus()), String.valueOf(lb.getOperatingStatus()), fipAddressOn(os, lb.getVipPortId()));
  }

  private static String fipAddressOn(OSClientV3 os, String portId) {
    if (portId == null) {
      return null;
    }
    return os.networking().floatingip().list(Map.of("port_id", portId)).stream().findFirst()
        .map(NetFloatingIP::getFloatingIpAddress).orElse(null);
  }

  private static FloatingIp floatingIp(NetFloatingIP fip) {
    return new FloatingIp(fip.getId(), fip.getFloatingIpAddress(), fip.getPortId(), fip.getDescription(),
        fip.getCreatedAt() == null ? null : fip.getCreatedAt().toInstant());
  }
}
