package org.occmmigrator.process;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.occmmigrator.openstack.FloatingIp;
import org.occmmigrator.openstack.FloatingIpMove;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.ReachabilityProbe;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/** Handing a public service over from its old to its new load balancer (DOMAIN.md §4, §5, §6.2–6.3). */
@Component
public class HandoverSteps {

  /** Result of the interlock: problems (empty: every service handed over) and when rotation may start. */
  public record HandoverCheck(List<String> problems, Instant rotationNotBefore) {}

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
    String[] key = details.service().split("/", 2);
    // Pin first (spec.loadBalancerIP = the old IP, keep-floatingip): an OCCM reconcile between the detach of
    // its own FIP and the move then waits for the old IP instead of attaching a new FIP to the VIP port,
    // which would make the move fail with 409 after the IP already left the old load balancer.
    user.pinLoadBalancerIp(key[0], key[1], details.oldIp());
    FloatingIpMove move = clouds.openStack(cluster).moveFloatingIp(details.oldIp(), details.newVipPortId());
    user.requestReconcile(key[0], key[1], clock.instant().toString());
    if (outcome.fipArrivedAt() != null && move.fromPortId() == null) {
      return outcome; // moved by an earlier run of this job; keep its timestamps
    }
    return outcome.withMove(move.requestedAt(), move.confirmedAt(), move.unattachedWindow().toMillis(), move.singleCall(),
        move.detachedFloatingIpId());
  }

  /** Is the old IP on the new VIP port and served? If so, OCCM's unused FIP is released. */
  public boolean movedIpServed(String clusterId, ServiceDetails details, ServiceOutcome outcome) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    boolean onNewPort = openStack.floatingIpByAddress(details.oldIp()).map(FloatingIp::portId)
        .filter(details.newVipPortId()::equals).isPresent();
    boolean served = onNewPort && probe.served(details.oldIp(), details.port());
    if (served && outcome.replacedFloatingIpId() != null) {
      openStack.releaseOccmFloatingIp(outcome.replacedFloatingIpId());
    }
    return served;
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
   * process remembers: every public service is served by its new load balancer or explicitly waived.
   */
  public HandoverCheck verifyHandedOver(String clusterId, MigrationPlan plan, Map<String, String> handovers,
      Map<String, ServiceDetails> details, Map<String, ServiceOutcome> outcomes) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    List<String> problems = new ArrayList<>();
    Instant notBefore = clock.instant();
    for (MigrationPlan.ServicePlan service : plan.publicServices()) {
      String handover = handovers.get(service.service());
      ServiceOutcome outcome = outcomes.get(service.service());
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
    return new HandoverCheck(problems, notBefore);
  }
}
