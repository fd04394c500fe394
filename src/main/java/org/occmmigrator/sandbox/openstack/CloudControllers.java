package org.occmmigrator.sandbox.openstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox's in-tree provider does to the cloud, and what tests and the sandbox's runtime API
 * place in it, through the same model and rules as the HTTP API (the sandbox's OCCM uses the HTTP API
 * itself, like the real one).
 */
public final class CloudControllers {

  /** A load balancer as a controller sees it. */
  public record LoadBalancerState(String id, String name, String provisioningStatus, String vipPortId, String vipAddress) {

    public boolean active() {
      return "ACTIVE".equals(provisioningStatus);
    }
  }

  private final CloudState state;
  private final Neutron neutron;
  private final LoadBalancing lbaas;
  private final LoadBalancing octavia;

  CloudControllers(CloudState state, Neutron neutron, LoadBalancing lbaas, LoadBalancing octavia) {
    this.state = state;
    this.neutron = neutron;
    this.lbaas = lbaas;
    this.octavia = octavia;
  }

  /** The in-tree provider's member sync for an old LBaaS v2 load balancer (only before the trigger). */
  public void syncLegacyMembers(String projectId, String name, int nodePort, Collection<String> nodes) {
    synchronized (state.lock) {
      state.settle();
      Resource lb = lbaas.of("loadbalancers").values().stream().filter(r -> name.equals(r.str("name"))).findFirst()
          .orElse(null);
      if (lb == null || !"ACTIVE".equals(lb.str("provisioning_status"))) {
        return;
      }
      for (String poolId : lb.refs("pools")) {
        if (syncMembers(lbaas, projectId, poolId, nodePort, nodes)) {
          return;
        }
      }
    }
  }

  public Optional<String> floatingIpOnPort(String portId) {
    synchronized (state.lock) {
      return state.floatingIps.values().stream().filter(f -> portId.equals(f.str("port_id")))
          .map(f -> f.str("floating_ip_address")).findFirst();
    }
  }

  /** The port a floating IP is on: empty when it is free, null when the address is unknown. */
  public Optional<String> portOfFloatingIp(String address) {
    synchronized (state.lock) {
      Resource fip = state.floatingIps.values().stream().filter(f -> address.equals(f.str("floating_ip_address")))
          .findFirst().orElse(null);
      return fip == null ? null : Optional.ofNullable(fip.str("port_id"));
    }
  }

  public String createFloatingIp(String projectId, String portId, String description) {
    synchronized (state.lock) {
      return neutron.createFloatingIp(projectId, neutron.externalNetwork().id(), portId, null, description)
          .str("floating_ip_address");
    }
  }

  /** The in-tree provider's old LBaaS v2 load balancer with that name, if any. */
  public Optional<LoadBalancerState> legacyLoadBalancer(String name) {
    synchronized (state.lock) {
      state.settle();
      return lbaas.of("loadbalancers").values().stream().filter(lb -> name.equals(lb.str("name"))).findFirst()
          .map(CloudControllers::view);
    }
  }

  /**
   * The in-tree provider's EnsureLoadBalancerDeleted for a Service that is gone: the old load balancer
   * with its children, the floating IP on its VIP port and its security group (with the node-group rules
   * referencing it) are deleted at once — the waits for ACTIVE between the steps are skipped. False when
   * there is no such load balancer.
   */
  public boolean deleteLegacyLoadBalancer(String name, String securityGroupName) {
    synchronized (state.lock) {
      state.settle();
      Resource lb = lbaas.of("loadbalancers").values().stream().filter(r -> name.equals(r.str("name"))).findFirst()
          .orElse(null);
      if (lb == null) {
        return false;
      }
      java.time.Duration delay = state.provisioningDelay;
      state.provisioningDelay = java.time.Duration.ZERO;
      try {
        for (String poolId : lb.refs("pools")) {
          Resource pool = lbaas.of("pools").get(poolId);
          if (pool.str("healthmonitor_id") != null) {
            lbaas.delete("healthmonitors", pool.str("healthmonitor_id"), false, null);
          }
          for (String memberId : pool.refs("members")) {
            lbaas.delete("members", memberId, false, poolId);
          }
          lbaas.delete("pools", poolId, false, null);
        }
        for (String listenerId : lb.refs("listeners")) {
          lbaas.delete("listeners", listenerId, false, null);
        }
        state.floatingIps.values().stream().filter(f -> lb.str("vip_port_id").equals(f.str("port_id"))).toList()
            .forEach(fip -> neutron.deleteFloatingIp(fip.id()));
        lbaas.delete("loadbalancers", lb.id(), false, null);
      } finally {
        state.provisioningDelay = delay;
      }
      state.securityGroups.values().stream().filter(g -> securityGroupName.equals(g.str("name"))).toList().forEach(group -> {
        state.securityGroupRules.values().removeIf(rule -> group.id().equals(rule.str("remote_group_id")));
        neutron.deleteSecurityGroup(group.id());
      });
      return true;
    }
  }

  /** An Octavia load balancer made outside this cluster, with the floating IP on its VIP port. */
  public record PlacedLoadBalancer(LoadBalancerState loadBalancer, String floatingIpId, String floatingIpAddress) {}

  /**
   * Places an Octavia load balancer as another cluster's OCCM leaves it (DOMAIN.md §4): ACTIVE at once,
   * a TCP listener and pool per port with the given member addresses on the node port, and — unless
   * floatingIpAddress is null — a floating IP on its VIP port ("" allocates a new address) with the
   * given description.
   */
  public PlacedLoadBalancer placeOctaviaLoadBalancer(String projectId, String name, String description,
      List<Integer> ports, int nodePort, Collection<String> members, String floatingIpAddress,
      String floatingIpDescription) {
    synchronized (state.lock) {
      state.settle();
      java.time.Duration delay = state.provisioningDelay;
      state.provisioningDelay = java.time.Duration.ZERO;
      try {
        Resource lb = octavia.createLoadBalancer(projectId, Map.of("name", name, "description", description,
            "vip_network_id", projectNetwork(projectId)));
        for (int port : ports) {
          Resource listener = octavia.createChild("listeners", projectId, Map.of("name", "listener_" + port + "_" + name,
              "protocol", "TCP", "protocol_port", port, "loadbalancer_id", lb.id()), null);
          Resource pool = octavia.createChild("pools", projectId, Map.of("name", "pool_" + port + "_" + name,
              "protocol", "TCP", "lb_algorithm", "ROUND_ROBIN", "listener_id", listener.id()), null);
          for (String member : members) {
            octavia.createChild("members", projectId, Map.of("address", member, "protocol_port", nodePort,
                "name", member), pool.id());
          }
        }
        Resource fip = floatingIpAddress == null ? null : neutron.createFloatingIp(projectId, neutron.externalNetwork().id(),
            lb.str("vip_port_id"), floatingIpAddress.isEmpty() ? null : floatingIpAddress, floatingIpDescription);
        return new PlacedLoadBalancer(view(lb), fip == null ? null : fip.id(),
            fip == null ? null : fip.str("floating_ip_address"));
      } finally {
        state.provisioningDelay = delay;
      }
    }
  }

  /** Adds or removes one member; true when it changed something (the load balancer is then busy). */
  private boolean syncMembers(LoadBalancing api, String projectId, String poolId, int nodePort, Collection<String> nodes) {
    Resource pool = api.of("pools").get(poolId);
    if (pool == null) {
      return false;
    }
    Set<String> present = new HashSet<>();
    for (String memberId : new ArrayList<>(pool.refs("members"))) {
      Resource member = api.of("members").get(memberId);
      if (member != null && !nodes.contains(member.str("address"))) {
        api.delete("members", memberId, false, poolId);
        return true;
      }
      if (member != null) {
        present.add(member.str("address"));
      }
    }
    for (String node : nodes) {
      if (!present.contains(node)) {
        api.createChild("members", projectId, Map.of("address", node, "protocol_port", nodePort,
            "name", "member_" + node), poolId);
        return true;
      }
    }
    return false;
  }

  private String projectNetwork(String projectId) {
    return state.networks.values().stream().filter(n -> projectId.equals(n.str("project_id"))).findFirst().orElseThrow().id();
  }

  private static LoadBalancerState view(Resource lb) {
    return new LoadBalancerState(lb.id(), lb.str("name"), lb.str("provisioning_status"), lb.str("vip_port_id"),
        lb.str("vip_address"));
  }
}
