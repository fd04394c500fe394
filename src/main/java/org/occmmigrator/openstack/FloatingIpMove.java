package org.occmmigrator.openstack;

import java.time.Duration;
import java.time.Instant;

/**
 * What moving a floating IP did. The address was unreachable at most from {@code leftOldPortAt} to
 * {@code arrivedAt}: the start of the re-binding request and the moment Neutron confirmed it.
 */
public record FloatingIpMove(
    String address,
    String fromPortId,
    String toPortId,
    Instant leftOldPortAt,
    Instant arrivedAt,
    boolean singleCall,
    String detachedFloatingIpId,
    String detachedFloatingIpAddress) {

  public Duration downtime() {
    return Duration.between(leftOldPortAt, arrivedAt);
  }
}
