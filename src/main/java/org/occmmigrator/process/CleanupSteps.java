package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import org.occmmigrator.openstack.FloatingIp;
import org.occmmigrator.openstack.LoadBalancer;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.springframework.stereotype.Component;

/** Deleting the old Neutron load balancers after rotation (DOMAIN.md §4, §6.4). */
@Component
public class CleanupSteps {

  /** What the cleanup did with one old load balancer: deleted (or found gone), or kept and why. */
  public record Cleanup(String service, String oldLoadBalancer, boolean deleted, String keptBecause) {}

  private final ClusterClouds clouds;

  public CleanupSteps(ClusterClouds clouds) {
    this.clouds = clouds;
  }

  /**
   * Deletes the old load balancer of one Service (ordered, see OpenStackProject) and its security group, but only
   * when, at this moment, the load balancer with the in-tree name is the planned one (same id) and nothing depends
   * on it: the Service is deleted, handed over (its FIP on the new load balancer, or DNS / internal consumers
   * confirmed), or its handover was explicitly waived. The old floating IP of a Service handed over by DNS is
   * released only with the customer's consent, and only if it is the planned FIP and on no other port.
   * Safe to repeat: what is gone already counts as deleted.
   */
  public Cleanup deleteOldLoadBalancer(String clusterId, MigrationPlan.ServicePlan service, String handover,
      ServiceOutcome outcome, ServiceDetails details, boolean releaseDnsFloatingIp) {
    KkpCluster cluster = clouds.cluster(clusterId);
    OpenStackProject openStack = clouds.openStack(cluster);
    LoadBalancer old = openStack.legacyLoadBalancer(service.oldLoadBalancer()).orElse(null);
    if (old != null && !old.id().equals(service.oldLoadBalancerId())) {
      return kept(service, "the load balancer named " + old.name() + " is " + old.id() + ", not the planned "
          + service.oldLoadBalancerId() + ": left alone");
    }
    if (old != null) {
      String stillNeeded = stillNeeded(cluster, openStack, service, handover, outcome, details);
      if (stillNeeded != null) {
        return kept(service, stillNeeded);
      }
      openStack.deleteLegacyLoadBalancer(service.oldLoadBalancer(), service.securityGroup());
    }
    if (releaseDnsFloatingIp && Handover.DNS.name().equals(handover) && service.oldFloatingIpId() != null) {
      FloatingIp fip = openStack.floatingIpByAddress(service.oldIp()).orElse(null);
      if (fip != null && fip.id().equals(service.oldFloatingIpId())
          && (fip.portId() == null || fip.portId().equals(service.oldVipPortId()))) {
        openStack.releaseFloatingIpWithConsent(service.oldIp());
      }
    }
    return new Cleanup(service.service(), service.oldLoadBalancer(), true, null);
  }

  private String stillNeeded(KkpCluster cluster, OpenStackProject openStack, MigrationPlan.ServicePlan service,
      String handover, ServiceOutcome outcome, ServiceDetails details) {
    String[] key = service.service().split("/", 2);
    boolean exists = clouds.userCluster(cluster).loadBalancerServices().stream()
        .anyMatch(s -> s.key().equals(service.service()));
    if (!exists || service.pending() || (outcome != null && outcome.waived())) {
      return null;
    }
    if (outcome == null || outcome.decision() == null) {
      return service.service() + " was never handed over: its old load balancer is kept";
    }
    if ((Handover.MOVE_FIP.name().equals(handover) || Handover.PIN_FIP.name().equals(handover))) {
      boolean onNew = details != null && openStack.floatingIpByAddress(service.oldIp()).map(FloatingIp::portId)
          .filter(details.newVipPortId()::equals).isPresent();
      if (!onNew) {
        return service.service() + ": the IP " + service.oldIp() + " is not on its new load balancer (" + key[1]
            + "): its old load balancer is kept";
      }
    }
    return null;
  }

  private static Cleanup kept(MigrationPlan.ServicePlan service, String why) {
    return new Cleanup(service.service(), service.oldLoadBalancer(), false, why);
  }

  /**
   * In-tree load balancers left behind in the project: planned ones that still exist, and those of LoadBalancer
   * Services created after the plan.
   */
  public List<String> remainingOldLoadBalancers(String clusterId, MigrationPlan plan) {
    KkpCluster cluster = clouds.cluster(clusterId);
    OpenStackProject openStack = clouds.openStack(cluster);
    // PENDING_DELETE: Neutron is deleting it (the delete returns before the load balancer is gone)
    List<String> remaining = new ArrayList<>(plan.services().stream().filter(s -> s.oldLoadBalancerId() != null && !s.adopted())
        .filter(s -> openStack.legacyLoadBalancer(s.oldLoadBalancer()).filter(lb -> !lb.deleting()).isPresent())
        .map(s -> s.oldLoadBalancer() + " (" + s.service() + ")").toList());
    for (LoadBalancerService service : clouds.userCluster(cluster).loadBalancerServices()) {
      if (!plan.contains(service.key())) {
        openStack.legacyLoadBalancer(service.legacyLoadBalancerName()).filter(lb -> !lb.deleting()).ifPresent(old ->
            remaining.add(old.name() + " (" + service.key() + ", created after the plan)"));
      }
    }
    return remaining;
  }
}
