package org.occmmigrator.process;

import java.util.Arrays;
import java.util.Optional;

/** How a Service moves from its old Neutron load balancer to its new Octavia one. */
public enum Handover {
  /** The customer points DNS to the new IP; no downtime, but rotation waits for the old TTL. */
  DNS,
  /** The old floating IP is moved onto the new load balancer: same IP, a short interruption. */
  MOVE_FIP,
  /** spec.loadBalancerIP is set to the old FIP before the trigger: OCCM never allocates a new FIP. */
  PIN_FIP,
  /** OCCM adopted the old load balancer (legacy name in Octavia): same IP, nothing to do. */
  ADOPTED,
  /** An internal load balancer: its VIP changes, consumers inside the network switch to the new one. */
  INTERNAL_VIP;

  /** The handover named exactly so, if any (input from the API or a form). */
  public static Optional<Handover> parse(String name) {
    return Arrays.stream(values()).filter(h -> h.name().equals(name)).findFirst();
  }
}
