package org.occmmigrator.openstack;

/** A Neutron floating IP; portId is null when it is not associated; createdAt (seconds) null where Neutron has none. */
public record FloatingIp(String id, String address, String portId, String description, java.time.Instant createdAt) {

  /** OCCM describes the FIPs it allocates like this, and deletes only those. */
  public static final String OCCM_DESCRIPTION_PREFIX = "Floating IP for Kubernetes external service ";

  public boolean allocatedByOccm() {
    return description != null && description.startsWith(OCCM_DESCRIPTION_PREFIX);
  }
}
