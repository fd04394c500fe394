package org.occmmigrator.process;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.occmmigrator.openstack.FloatingIp;
import org.occmmigrator.openstack.FloatingIpMove;
import org.occmmigrator.openstack.OpenStackPermanentException;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.ReachabilityProbe;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/** Handing a public service over from its old to its new load balancer (DOMAIN.md §4, §5, §6.2–6.3). */
@Component
public class HandoverSteps {

  /** Result of the interlock: problems (empty: every service handed over) and when rotation may start. */
  /** Result of the interlock: problems (empty: every service handed over), when rotation may start, and the planned
   * Services the customer deleted meanwhile. */
  public record HandoverCheck(List<String> problems, Instant rotationNotBefore, List<String> deleted) {}

  private final ClusterClouds clouds;
  private final ReachabilityProbe probe;
  private final HostResolver resolver;
  private final Clock clock;

  public HandoverSteps(ClusterClouds clouds, ReachabilityProbe probe, HostResolver resolver, Clock clock) {
    this.clouds = clouds;
    this.probe = probe;
    this.resolver = resolver;
    this.clock = clock;
  }

  /** Before the trigger: spec.loadBalancerIP = old FIP, so OCCM adopts it instead of allocating one. */
  public List<String> pinFloatingIps(String clusterId, MigrationPlan plan, Map<String, String> handovers) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    List<String> pinned = new ArrayList<>();
    for (MigrationPlan.ServicePlan service : plan.publicServices()) {
      if (Handover.PIN_FIP.name().equals(handovers.get(service.service())) && service.oldIp() != null) {
        String[] key = service.service().split("/", 2);
        user.pinLoadBalancerIp(key[0], key[1], service.oldIp());
        pinned.add(service.service());
      }
    }
    return pinned;
  }

  /**
   * Moves the old FIP onto the new VIP port (detaching OCCM's FIP first) and asks OCCM to refresh the
   * Service's status. Safe to repeat: an IP already on the new port is not touched again.
   */
  public ServiceOutcome moveFloatingIp(String clusterId, ServiceDetails details, ServiceOutcome outcome) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    OpenStackProject openStack = clouds.openStack(cluster);
    String[] key = details.service().split("/", 2);
    if (!exists(user, details.service())) {
      return outcome; // the customer deleted the Service: nothing depends on its IP, nothing is moved
    }
    // Only onto the load balancer recorded for this Service, and only while it is still there and active.
    var target = openStack.octaviaLoadBalancerById(details.newLoadBalancerId()).orElse(null);
    if (target == null || !details.newVipPortId().equals(target.vipPortId()) || !target.active()) {
      throw new OpenStackPermanentException("The new load balancer " + details.newLoadBalancer() + " ("
          + details.newLoadBalancerId() + ") of " + details.service() + " is " + (target == null ? "gone"
          : target.provisioningStatus() + " with VIP port " + target.vipPortId()) + ": the IP " + details.oldIp()
          + " stays where it is. Check the load balancer, then retry");
    }
    // A load balancer whose members are not this cluster's nodes is shared with another cluster: never move onto it.
    var strangers = new java.util.TreeSet<>(openStack.octaviaServing(target.id()).memberAddresses());
    strangers.removeAll(user.nodeAddresses());
    if (!strangers.isEmpty()) {
      throw new OpenStackPermanentException("The new load balancer " + details.newLoadBalancer() + " forwards to "
          + strangers + ", which are no nodes of cluster " + clusterId + ": another cluster's OCCM uses it. The IP "
          + details.oldIp() + " stays where it is. Check the load balancers of that name, then retry");
    }
    // Only OCCM's FIP recorded for this Service may be detached from the new VIP port; anything else stops the move.
    openStack.floatingIpOnPort(details.newVipPortId())
        .filter(occupant -> !occupant.address().equals(details.oldIp()))
        .filter(occupant -> !occupant.id().equals(details.occmFloatingIpId()))
        .ifPresent(stranger -> {
          throw new OpenStackPermanentException("The VIP port of " + details.newLoadBalancer() + " carries floating IP "
              + stranger.address() + " (" + stranger.id() + "), which is not the one OCCM allocated for "
              + details.service() + ": the migration does not detach it. Check who attached it");
        });
    // Pin first (spec.loadBalancerIP = the old IP, keep-floatingip): an OCCM reconcile between the detach of
    // its own FIP and the move then waits for the old IP instead of attaching a new FIP to the VIP port,
    // which would make the move fail with 409 after the IP already left the old load balancer.
    user.pinLoadBalancerIp(key[0], key[1], details.oldIp());
    FloatingIpMove move = openStack.moveFloatingIp(details.oldIp(), details.newVipPortId());
    user.requestReconcile(key[0], key[1], clock.instant().toString());
    if (outcome.fipArrivedAt() != null && move.fromPortId() == null) {
      return outcome; // moved by an earlier run of this job; keep its timestamps
    }
    return outcome.withMove(move.requestedAt(), move.confirmedAt(), move.unattachedWindow().toMillis(), move.singleCall(),
        move.detachedFloatingIpId());
  }

  /** Is the old IP on the new VIP port and served? If so, OCCM's unused FIP is released. */
  public boolean movedIpServed(String clusterId, ServiceDetails details, ServiceOutcome outcome) {
    KkpCluster cluster = clouds.cluster(clusterId);
    if (!exists(clouds.userCluster(cluster), details.service())) {
      return true; // deleted by the customer: nothing to serve (the interlock and the report name it)
    }
    OpenStackProject openStack = clouds.openStack(cluster);
    boolean onNewPort = openStack.floatingIpByAddress(details.oldIp()).map(FloatingIp::portId)
        .filter(details.newVipPortId()::equals).isPresent();
    boolean served = onNewPort && probe.served(details.oldIp(), details.port());
    // only the FIP recorded as OCCM's for this Service is ever released
    if (served && details.occmFloatingIpId() != null) {
      openStack.releaseOccmFloatingIp(details.occmFloatingIpId());
    }
    return served;
  }

  private static boolean exists(UserCluster user, String service) {
    return user.loadBalancerServices().stream().anyMatch(s -> s.key().equals(service));
  }

  /** Rollback until rotation: the old LB still forwards to the old workers. */
  public void moveFloatingIpBack(String clusterId, ServiceDetails details) {
    clouds.openStack(clouds.cluster(clusterId)).attachFloatingIp(details.oldIp(), details.oldVipPortId());
  }

  /** True when the hostname resolves to the new IP (and nothing else). */
  public boolean dnsAnswersNewIp(String hostname, String newIp) {
    List<String> addresses = resolver.addresses(hostname);
    return !addresses.isEmpty() && addresses.stream().allMatch(newIp::equals);
  }

  public List<String> dnsAnswers(String hostname) {
    return resolver.addresses(hostname);
  }

  /**
   * The interlock before worker rotation, checked against the cloud and not only against what the
   * process remembers: every Service with an address is served by its new load balancer or explicitly waived, and
   * no LoadBalancer Service outside the plan still depends on an in-tree load balancer.
   */
  public HandoverCheck verifyHandedOver(String clusterId, MigrationPlan plan, Map<String, String> handovers,
      Map<String, ServiceDetails> details, Map<String, ServiceOutcome> outcomes) {
    KkpCluster cluster = clouds.cluster(clusterId);
    OpenStackProject openStack = clouds.openStack(cluster);
    Map<String, LoadBalancerService> live = clouds.userCluster(cluster).loadBalancerServices().stream()
        .collect(java.util.stream.Collectors.toMap(LoadBalancerService::key, java.util.function.Function.identity()));
    List<String> problems = new ArrayList<>();
    // The live set, not only the plan: a Service created after the plan is still served by an in-tree LB whose
    // members are the workers about to be rotated.
    for (LoadBalancerService service : live.values()) {
      if (!plan.contains(service.key())) {
        openStack.legacyLoadBalancer(service.legacyLoadBalancerName()).ifPresent(old -> problems.add(service.key()
            + ": created after the plan and served by the in-tree load balancer " + old.name() + " (IP "
            + (old.floatingIpAddress() != null ? old.floatingIpAddress() : old.vipAddress()) + "): rotation would cut it"
            + " off. Hand it over by hand (move its FIP or switch DNS to its new IP " + service.ingressIps()
            + "), delete the old load balancer, then verify again"));
      }
    }
    Instant notBefore = clock.instant();
    List<String> deleted = new ArrayList<>();
    for (MigrationPlan.ServicePlan service : plan.servicesWithAddress()) {
      String handover = handovers.get(service.service());
      ServiceOutcome outcome = outcomes.get(service.service());
      if (!live.containsKey(service.service())) {
        deleted.add(service.service()); // deleted by the customer: nothing depends on the old load balancer
        continue;
      }
      if (Handover.ADOPTED.name().equals(handover)) {
        continue;
      }
      if (outcome == null || outcome.decision() == null) {
        problems.add(service.service() + ": not handed over");
        continue;
      }
      if (outcome.waived()) {
        continue;
      }
      ServiceDetails lb = details.get(service.service());
      if (Handover.INTERNAL_VIP.name().equals(handover)) {
        continue; // the engineer confirmed the consumers use the new VIP
      }
      if (Handover.DNS.name().equals(handover)) {
        int ttl = outcome.dnsTtlSeconds() == null ? 0 : outcome.dnsTtlSeconds();
        Instant expired = outcome.confirmedAt().plusSeconds(ttl);
        notBefore = expired.isAfter(notBefore) ? expired : notBefore;
        continue;
      }
      boolean onNewPort = openStack.floatingIpByAddress(service.oldIp()).map(FloatingIp::portId)
          .filter(port -> lb != null && port.equals(lb.newVipPortId())).isPresent();
      if (!onNewPort) {
        problems.add(service.service() + ": floating IP " + service.oldIp() + " is not on the new load balancer "
            + (lb == null ? "" : lb.newLoadBalancer()));
      }
    }
    return new HandoverCheck(problems, notBefore, deleted);
  }
}
