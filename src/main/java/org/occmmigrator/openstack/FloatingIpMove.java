package org.occmmigrator.openstack;

import java.time.Duration;
import java.time.Instant;

/**
 * What moving a floating IP did. Two durations that must not be confused:
 *
 * <ul>
 *   <li>{@link #unattachedWindow()}: how long the customer's address was on no port — from the last read that
 *       showed it on the old port ({@code unattachedFrom}) to the first read that showed it on the new one
 *       ({@code unattachedUntil}). Both are null for a one-PUT re-bind: Neutron moves the address from one port
 *       to the other in one transaction, so no read ever shows it on no port (polled on a real Zed Neutron, see
 *       docs/benchmarks.md) and the window is zero.
 *   <li>{@link #apiLatency()}: how long Neutron took from the first re-binding request ({@code requestedAt}) to the
 *       answer that confirmed the address on the new port ({@code confirmedAt}); 0.3–1.6 s per PUT on a real
 *       Neutron. During it the address keeps serving through the old port until the moment it serves through the
 *       new one.
 * </ul>
 *
 * <p>{@code fromPortId} is null when the address already was on the target (nothing happened).
 * {@code detachedFloatingIpId}/{@code -Address}: OCCM's own FIP that had to leave the target port first; the
 * caller releases it once the moved address is served.
 */
public record FloatingIpMove(
    String address,
    String fromPortId,
    String toPortId,
    Instant requestedAt,
    Instant confirmedAt,
    Instant unattachedFrom,
    Instant unattachedUntil,
    boolean singleCall,
    String detachedFloatingIpId,
    String detachedFloatingIpAddress) {

  /** Zero for a one-PUT move; otherwise the time the address was on no port (an upper bound, read to read). */
  public Duration unattachedWindow() {
    return unattachedFrom == null || unattachedUntil == null ? Duration.ZERO : Duration.between(unattachedFrom, unattachedUntil);
  }

  /** How long Neutron took to answer the re-binding request(s). */
  public Duration apiLatency() {
    return Duration.between(requestedAt, confirmedAt);
  }
}
