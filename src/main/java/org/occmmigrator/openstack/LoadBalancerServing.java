package org.occmmigrator.openstack;

import java.util.Set;

/**
 * What an Octavia load balancer forwards: the ports of its listeners and the addresses of the members of its pools
 * (Octavia v2 API: GET /v2/lbaas/listeners/{id}, /pools/{id}, /pools/{id}/members).
 */
public record LoadBalancerServing(Set<Integer> listenerPorts, Set<String> memberAddresses) {}
