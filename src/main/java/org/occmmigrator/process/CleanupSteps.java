package org.occmmigrator.process;

import java.util.List;
import org.occmmigrator.openstack.OpenStackProject;
import org.springframework.stereotype.Component;

/** Deleting the old Neutron load balancers after rotation (DOMAIN.md §4, §6.4). */
@Component
public class CleanupSteps {

  private final ClusterClouds clouds;

  public CleanupSteps(ClusterClouds clouds) {
    this.clouds = clouds;
  }

  /**
   * Deletes the old load balancer of one service (ordered, see OpenStackProject) and its security group, and
   * returns its name. The old floating IP of a service handed over by DNS is released only with the customer's
   * consent. Safe to repeat: what is gone already counts as deleted.
   */
  public String deleteOldLoadBalancer(String clusterId, MigrationPlan.ServicePlan service, String handover,
      boolean releaseDnsFloatingIp) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    openStack.deleteLegacyLoadBalancer(service.oldLoadBalancer(), service.securityGroup());
    if (releaseDnsFloatingIp && Handover.DNS.name().equals(handover) && service.oldIp() != null) {
      openStack.releaseFloatingIpWithConsent(service.oldIp());
    }
    return service.oldLoadBalancer();
  }

  public List<String> remainingOldLoadBalancers(String clusterId, MigrationPlan plan) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    return plan.services().stream().filter(s -> !s.adopted())
        .filter(s -> openStack.legacyLoadBalancer(s.oldLoadBalancer()).isPresent())
        .map(s -> s.oldLoadBalancer() + " (" + s.service() + ")").toList();
  }
}
