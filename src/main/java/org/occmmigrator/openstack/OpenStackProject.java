package org.occmmigrator.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.occmmigrator.system.InCallRetry;
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
        .list(Map.of("name", name)).stream().findFirst()).map(this::legacy);
  }

  public Optional<LoadBalancer> octaviaLoadBalancer(String name) {
    return call("find the Octavia load balancer " + name, os -> os.octavia().loadBalancerV2()
        .list(Map.of("name", name)).stream().findFirst()).map(this::octavia);
  }

  /** When Octavia created the load balancer (seconds); empty when it is gone. */
  public Optional<Instant> octaviaLoadBalancerCreatedAt(String id) {
    return call("read when Octavia load balancer " + id + " was created",
        os -> new KeystoneExtensions.OctaviaLoadBalancers().createdAt(id));
  }

  public Optional<LoadBalancer> octaviaLoadBalancerById(String id) {
    return Optional.ofNullable(call("read the Octavia load balancer " + id, os -> os.octavia().loadBalancerV2().get(id)))
        .map(this::octavia);
  }

  /**
   * Deletes an old LBaaS v2 load balancer in the only order Neutron accepts (no cascade; an LB with children is
   * refused with 400): health monitors, members, pools, listeners, the load balancer, waiting for ACTIVE between
   * mutations; then waits until the load balancer is really gone (404) — its VIP port holds the security group until
   * then, and deleting the group earlier is refused with 409 SecurityGroupInUse (real Neutron Zed) — and deletes its
   * security group and the node security-group rules that reference it. A load balancer already PENDING_DELETE (an
   * earlier run's delete still proceeding) is waited for. Gone already is success.
   *
   * <p>About 13 mutations and as many reads for a load balancer with one port: each is its own call, repeated by
   * itself on a transient fault, so that one fault costs a second and not the whole delete. All waits of one call
   * together last at most the active wait, so that the job running this stays well inside Camunda's job lock (see
   * ClusterClouds); a call that runs out of it stops, and the next one (the job's retry) continues where it stopped:
   * what is deleted is no longer listed.
   *
   * @throws OpenStackTransientException when the load balancer is still PENDING_* when the active wait is used up, the
   *     group is still in use, or a request kept failing
   * @throws OpenStackPermanentException when the load balancer is in ERROR
   */
  public void deleteLegacyLoadBalancer(String name, String securityGroupName) {
    Optional<LoadBalancer> found = legacyLoadBalancer(name);
    if (found.isPresent()) {
      String lbId = found.get().id();
      Instant deadline = clock.instant().plus(activeWait);
      deleteInOrder(lbId, deadline);
      awaitGone(lbId, deadline);
    }
    if (securityGroupName != null) {
      deleteSecurityGroup(securityGroupName);
    }
  }

  /**
   * Deletes the next remaining child until none is left, then the load balancer, each time reading what is left:
   * openstack4j 3.12 reports an LBaaS DELETE answered 429, 502, 503 or 504 as a success (its ToActionResponseFunction
   * fails only 400-409 and 500), so a success is believed only when a later read no longer lists the object.
   */
  private void deleteInOrder(String lbId, Instant deadline) {
    while (awaitActiveOrLeaving(lbId, deadline)) {
      Runnable next = nextChildDelete(lbId);
      if (next == null) {
        call("delete load balancer " + lbId, os -> {
          ActionResponse deleted = os.networking().lbaasV2().loadbalancer().delete(lbId);
          if (deleted.getCode() == 409 && "PENDING_DELETE".equals(status(os, lbId))) {
            return null; // another run's delete (or this one's, whose answer was lost) got there first
          }
          return expectDeleted(deleted, "load balancer " + lbId);
        });
        return; // awaitGone sees whether it went, and asks again if not
      }
      next.run();
    }
  }

  /** The delete of the first child Neutron lets go of next: health monitor, member, pool, listener; null: none left. */
  private Runnable nextChildDelete(String lbId) {
    LoadBalancerV2 lb = call("read the old load balancer " + lbId, os -> os.networking().lbaasV2().loadbalancer().get(lbId));
    if (lb == null) {
      return null;
    }
    Set<String> listenerIds = ids(lb.getListeners());
    List<LbPoolV2> pools = call("list the pools of the old load balancer " + lbId, os -> os.networking().lbaasV2().lbPool()
        .list().stream().filter(pool -> ids(pool.getListeners()).stream().anyMatch(listenerIds::contains))
        .map(pool -> (LbPoolV2) pool).toList());
    for (LbPoolV2 pool : pools) {
      String monitorId = pool.getHealthMonitorId();
      if (monitorId != null && !monitorId.isBlank()) {
        return () -> delete("health monitor " + monitorId, os -> os.networking().lbaasV2().healthMonitor().delete(monitorId));
      }
      var members = call("list the members of pool " + pool.getId(),
          os -> List.copyOf(os.networking().lbaasV2().lbPool().listMembers(pool.getId())));
      if (!members.isEmpty()) {
        String memberId = members.get(0).getId();
        return () -> delete("member " + memberId, os -> os.networking().lbaasV2().lbPool().deleteMember(pool.getId(), memberId));
      }
    }
    if (!pools.isEmpty()) {
      String poolId = pools.get(0).getId();
      return () -> delete("pool " + poolId, os -> os.networking().lbaasV2().lbPool().delete(poolId));
    }
    return listenerIds.stream().findFirst().<Runnable>map(listenerId ->
        () -> delete("listener " + listenerId, os -> os.networking().lbaasV2().listener().delete(listenerId))).orElse(null);
  }

  private void deleteSecurityGroup(String name) {
    var groups = call("find security group " + name, os -> List.copyOf(os.networking().securitygroup().list(Map.of("name", name))));
    for (var group : groups) {
      var rules = call("list the rules that reference security group " + name,
          os -> List.copyOf(os.networking().securityrule().list(Map.of("remote_group_id", group.getId()))));
      for (SecurityGroupRule rule : rules) {
        if (!group.getId().equals(rule.getSecurityGroupId())) {
          call("delete security group rule " + rule.getId(), os -> {
            os.networking().securityrule().delete(rule.getId());
            return null;
          });
        }
      }
      delete("security group " + name, os -> os.networking().securitygroup().delete(group.getId()));
    }
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
        // the customer's address is on no port now: a transient fault must not end the put-back
        InCallRetry.DEFAULT.run("OpenStack: put floating IP " + fip.address() + " back on port " + oldPort,
            () -> os.networking().floatingip().associateToPort(fip.id(), oldPort), OpenStackProject::transientAnswer);
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

  /**
   * Deletes a floating IP that OCCM allocated (its description says so); the customer's are never touched. Returns
   * false when it was gone already.
   */
  public boolean releaseOccmFloatingIp(String floatingIpId) {
    NetFloatingIP fip = call("read floating IP " + floatingIpId, os -> os.networking().floatingip().get(floatingIpId));
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
    delete("floating IP " + floatingIpId, os -> os.networking().floatingip().delete(floatingIpId));
    return true;
  }

  /** Deletes a customer's floating IP; only call with the customer's consent recorded. */
  public void releaseFloatingIpWithConsent(String address) {
    floatingIpByAddress(address).ifPresent(fip -> delete("floating IP " + address,
        os -> os.networking().floatingip().delete(fip.id())));
  }

  /**
   * The listener ports and pool members of an Octavia load balancer, read through its listeners (the LB lists
   * their ids) so that no list filter is needed. Empty sets while OCCM has not created them yet.
   */
  public LoadBalancerServing octaviaServing(String loadBalancerId) {
    var lb = call("read Octavia load balancer " + loadBalancerId, os -> os.octavia().loadBalancerV2().get(loadBalancerId));
    Set<Integer> ports = new java.util.TreeSet<>();
    Set<String> members = new java.util.TreeSet<>();
    if (lb == null || lb.getListeners() == null) {
      return new LoadBalancerServing(ports, members);
    }
    for (var item : lb.getListeners()) {
      var listener = call("read listener " + item.getId() + " of Octavia load balancer " + loadBalancerId,
          os -> os.octavia().listenerV2().get(item.getId()));
      if (listener == null) {
        continue;
      }
      ports.add(listener.getProtocolPort());
      if (listener.getDefaultPoolId() != null) {
        call("list the members of pool " + listener.getDefaultPoolId(),
            os -> List.copyOf(os.octavia().lbPoolV2().listMembers(listener.getDefaultPoolId())))
            .forEach(m -> members.add(m.getAddress()));
      }
    }
    return new LoadBalancerServing(ports, members);
  }

  /** Names of the external networks (router:external) the project sees; floating IPs come from one of them. */
  public List<String> externalNetworks() {
    return call("list the external networks", os -> os.networking().network().list().stream()
        .filter(network -> network.isRouterExternal()).map(network -> network.getName()).sorted().toList());
  }

  // --- quota

  public ProjectQuota freeQuota() {
    String projectId = call("authenticate", os -> sessions.projectId(access));
    String what = "read the quota of project " + projectId;
    int fipQuota = call(what, os -> os.networking().quotas().get(projectId).getFloatingIP());
    int fipsUsed = call(what, os -> os.networking().floatingip().list(Map.of("project_id", projectId)).size());
    int lbQuota = call(what, os -> new KeystoneExtensions.OctaviaQuotas().loadBalancers(projectId));
    int lbsUsed = call(what, os -> os.octavia().loadBalancerV2().list(Map.of("project_id", projectId)).size());
    return new ProjectQuota(lbQuota < 0 ? -1 : Math.max(0, lbQuota - lbsUsed),
        fipQuota < 0 ? -1 : Math.max(0, fipQuota - fipsUsed));
  }

  // --- helpers

  private <T> T call(String what, java.util.function.Function<OSClientV3, T> action) {
    return sessions.call(access, what, action);
  }

  /** One DELETE, repeated on a transient fault; 404 (gone, e.g. by a repetition whose first answer was lost) is done. */
  private void delete(String what, java.util.function.Function<OSClientV3, ActionResponse> request) {
    call("delete " + what, os -> expectDeleted(request.apply(os), what));
  }

  /** A raw openstack4j fault worth repeating within the call: 5xx, 409, 429 or no answer. */
  private static boolean transientAnswer(RuntimeException fault) {
    return fault instanceof ResponseException answer
        && (answer.getStatus() == 0 || answer.getStatus() >= 500 || answer.getStatus() == 409 || answer.getStatus() == 429);
  }

  /**
   * Waits until the load balancer is ACTIVE (true: the next mutation may go) or is being deleted or gone (false:
   * nothing left to do but wait for 404). PENDING_CREATE/UPDATE wait; ERROR is permanent.
   */
  private boolean awaitActiveOrLeaving(String lbId, Instant deadline) {
    while (true) {
      String status = status(lbId);
      if ("ACTIVE".equals(status)) {
        return true;
      }
      if ("PENDING_DELETE".equals(status) || GONE.equals(status)) {
        return false;
      }
      failOrWait(lbId, status, deadline);
    }
  }

  /**
   * Waits until the load balancer answers 404; its VIP port (and the security group on it) is gone with it. Still
   * ACTIVE means the delete did not happen (a fault that openstack4j reported as a success): it is deleted again.
   */
  private void awaitGone(String lbId, Instant deadline) {
    while (true) {
      String status = status(lbId);
      if (GONE.equals(status)) {
        return;
      }
      if ("ACTIVE".equals(status)) {
        deleteInOrder(lbId, deadline);
      }
      failOrWait(lbId, status, deadline);
    }
  }

  private static final String GONE = "GONE";

  private String status(String lbId) {
    return call("read the status of the old load balancer " + lbId, os -> status(os, lbId));
  }

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

  private LoadBalancer legacy(LoadBalancerV2 lb) {
    return new LoadBalancer(LoadBalancer.Kind.NEUTRON_LBAAS, lb.getId(), lb.getName(), lb.getVipPortId(), lb.getVipAddress(),
        String.valueOf(lb.getProvisioningStatus()), String.valueOf(lb.getOperatingStatus()), fipAddressOn(lb.getVipPortId()));
  }

  private LoadBalancer octavia(org.openstack4j.model.octavia.LoadBalancerV2 lb) {
    return new LoadBalancer(LoadBalancer.Kind.OCTAVIA, lb.getId(), lb.getName(), lb.getVipPortId(), lb.getVipAddress(),
        String.valueOf(lb.getProvisioningStatus()), String.valueOf(lb.getOperatingStatus()), fipAddressOn(lb.getVipPortId()));
  }

  private String fipAddressOn(String portId) {
    return portId == null ? null : floatingIpOnPort(portId).map(FloatingIp::address).orElse(null);
  }

  private static FloatingIp floatingIp(NetFloatingIP fip) {
    return new FloatingIp(fip.getId(), fip.getFloatingIpAddress(), fip.getPortId(), fip.getDescription(),
        fip.getCreatedAt() == null ? null : fip.getCreatedAt().toInstant());
  }
}
