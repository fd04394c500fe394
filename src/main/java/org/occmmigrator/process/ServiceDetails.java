package org.occmmigrator.process;

/** Old and new load balancer of one public service, as the handover tasks show them. */
public record ServiceDetails(
    String service,
    String oldIp,
    String oldVipPortId,
    String newIp,
    String newLoadBalancer,
    String newLoadBalancerId,
    String newVipPortId,
    int port) {}
