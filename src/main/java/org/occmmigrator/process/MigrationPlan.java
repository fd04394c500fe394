package org.occmmigrator.process;

import java.util.List;

/**
 * What the eligibility check found and what the migration will do; stored as the JSON variable
 * {@code inventory}. Only ids, names and addresses: nothing secret.
 */
public record MigrationPlan(
    String clusterId,
    String kubernetesVersion,
    String occmClusterName,
    List<ServicePlan> services,
    int inTreeVolumes,
    List<String> machineDeployments,
    int freeLoadBalancers,
    int freeFloatingIps) {

  /**
   * One LoadBalancer Service: its old LB (in-tree name) and the name OCCM will give its new one.
   * pinned: spec.loadBalancerIP already names the old FIP, so OCCM will wait for exactly that IP.
   */
  public record ServicePlan(
      String service,
      boolean internal,
      List<Integer> ports,
      String oldLoadBalancer,
      String oldLoadBalancerId,
      String oldVipPortId,
      String oldIp,
      String newLoadBalancer,
      boolean adopted,
      boolean pinned,
      String securityGroup) {}

  public List<ServicePlan> publicServices() {
    return services.stream().filter(s -> !s.internal()).toList();
  }

  public ServicePlan service(String key) {
    return services.stream().filter(s -> s.service().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Service " + key + " is not part of the migration of " + clusterId));
  }
}
