package org.occmmigrator.sandbox.openstack;

import java.util.List;

/**
 * Whether traffic to a public address and port is served, and by what: floating IP → its port → the
 * VIP port of a load balancer that is up → a listener on that port → pool members that are alive.
 */
public record DataPlaneView(String address, int port, boolean served, String loadBalancerId, String loadBalancerName,
    String api, List<String> members, String reason) {}
