package org.occmmigrator.openstack;

/** Room left in the project for new load balancers and floating IPs; -1 means unlimited. */
public record ProjectQuota(int freeLoadBalancers, int freeFloatingIps) {

  public boolean allows(int loadBalancers, int floatingIps) {
    return (freeLoadBalancers < 0 || freeLoadBalancers >= loadBalancers)
        && (freeFloatingIps < 0 || freeFloatingIps >= floatingIps);
  }
}
