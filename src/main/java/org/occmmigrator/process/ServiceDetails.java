package org.occmmigrator.process;

/**
 * A Service's old and new load balancer as detected after the trigger; stored per Service in the JSON variable
 * {@code serviceDetails} and recorded the first time it is seen: later steps act only on these ids.
 * newIp: OCCM's new FIP address (public), the new VIP (internal), null while a pinned Service waits for its old FIP.
 * occmFloatingIpId: the FIP OCCM allocated on the new VIP port, the only FIP the migration may detach and release.
 * port: the first Service port, which the reachability probe uses.
 */
public record ServiceDetails(
    String service,
    String oldIp,
    String oldVipPortId,
    String newIp,
    String newLoadBalancer,
    String newLoadBalancerId,
    String newVipPortId,
    int port,
    String occmFloatingIpId) {}
