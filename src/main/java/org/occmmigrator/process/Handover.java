package org.occmmigrator.process;

/** How a public service moves from its old Neutron load balancer to its new Octavia one. */
public enum Handover {
  /** The customer points DNS to the new IP; no downtime, but rotation waits for the old TTL. */
  DNS,
  /** The old floating IP is moved onto the new load balancer: same IP, a short interruption. */
  MOVE_FIP,
  /** spec.loadBalancerIP is set to the old FIP before the trigger: OCCM never allocates a new FIP. */
  PIN_FIP,
  /** OCCM adopted the old load balancer (legacy name in Octavia): same IP, nothing to do. */
  ADOPTED
}
