package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
   * Deletes each old load balancer (ordered, see OpenStackProject) and its security group. The old
   * floating IP of a service handed over by DNS is released only with the customer's consent.
   */
  public List<String> deleteOldLoadBalancers(String clusterId, MigrationPlan plan, Map<String, String> handovers,
      boolean releaseDnsFloatingIps) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    List<String> deleted = new ArrayList<>();
    for (MigrationPlan.ServicePlan service : plan.services()) {
      if (service.adopted()) {
        continue; // OCCM runs it now
      }
      openStack.deleteLegacyLoadBalancer(service.oldLoadBalancer(), service.securityGroup());
      deleted.add(service.oldLoadBalancer());
      if (releaseDnsFloatingIps && Handover.DNS.name().equals(handovers.get(service.service())) && service.oldIp() != null) {
        openStack.releaseFloatingIpWithConsent(service.oldIp());
      }
    }
    return deleted;
  }

  public List<String> remainingOldLoadBalancers(String clusterId, MigrationPlan plan) {
    OpenStackProject openStack = clouds.openStack(clouds.cluster(clusterId));
    return plan.services().stream().filter(s -> !s.adopted())
        .filter(s -> openStack.legacyLoadBalancer(s.oldLoadBalancer()).isPresent())
        .map(s -> s.oldLoadBalancer() + " (" + s.service() + ")").toList();
  }
}
