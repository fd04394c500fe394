package org.occmmigrator.openstack;

/** A load balancer, old (Neutron LBaaS v2) or new (Octavia), with the FIP on its VIP port if any. */
public record LoadBalancer(
    Kind kind,
    String id,
    String name,
    String vipPortId,
    String vipAddress,
    String provisioningStatus,
    String operatingStatus,
    String floatingIpAddress) {

  public enum Kind { NEUTRON_LBAAS, OCTAVIA }

  public boolean active() {
    return "ACTIVE".equals(provisioningStatus);
  }

  /** Being deleted (PENDING_DELETE): gone soon, nothing to do. */
  public boolean deleting() {
    return "PENDING_DELETE".equals(provisioningStatus);
  }

  public boolean failed() {
    return "ERROR".equals(provisioningStatus);
  }
}
