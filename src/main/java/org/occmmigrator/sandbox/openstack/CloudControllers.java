package org.occmmigrator.sandbox.openstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cloud-side controllers of the sandbox (its OCCM and its in-tree provider) do to the cloud,
 * through the same model and rules as the HTTP API: one reconcile step per call, nothing while a load
 * balancer is PENDING.
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

  public Optional<LoadBalancerState> octaviaLoadBalancer(String name) {
    synchronized (state.lock) {
      state.settle();
      return octavia.of("loadbalancers").values().stream().filter(lb -> name.equals(lb.str("name"))).findFirst()
          .map(CloudControllers::view);
    }
  }

  /**
   * OCCM's load-balancer reconcile: create the load balancer, then per port a listener, pool and
   * members (the nodes on the node port), keeping members in line with the nodes.
   */
  public LoadBalancerState ensureOctaviaLoadBalancer(String projectId, String name, String description,
      List<Integer> ports, int nodePort, Collection<String> nodes) {
    synchronized (state.lock) {
      state.settle();
      Resource lb = octavia.of("loadbalancers").values().stream().filter(r -> name.equals(r.str("name"))).findFirst()
          .orElse(null);
      if (lb == null) {
        lb = octavia.createLoadBalancer(projectId, Map.of("name", name, "description", description,
            "vip_network_id", projectNetwork(projectId)));
        return view(lb);
      }
      if (!"ACTIVE".equals(lb.str("provisioning_status"))) {
        return view(lb);
      }
      for (int port : ports) {
        Resource listener = childByPort(octavia, lb, port);
        if (listener == null) {
          octavia.createChild("listeners", projectId, Map.of("name", "listener_" + port + "_" + name, "protocol", "TCP",
              "protocol_port", port, "loadbalancer_id", lb.id()), null);
          return view(lb);
        }
        if (listener.str("default_pool_id") == null) {
          octavia.createChild("pools", projectId, Map.of("name", "pool_" + port + "_" + name, "protocol", "TCP",
              "lb_algorithm", "ROUND_ROBIN", "listener_id", listener.id()), null);
          return view(lb);
        }
        if (syncMembers(octavia, projectId, listener.str("default_pool_id"), nodePort, nodes)) {
          return view(lb);
        }
      }
      return view(lb);
    }
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

  public void attachFloatingIp(String address, String portId) {
    synchronized (state.lock) {
      Resource fip = state.floatingIps.values().stream().filter(f -> address.equals(f.str("floating_ip_address")))
          .findFirst().orElseThrow();
      neutron.associate(fip, portId);
    }
  }

  public String createFloatingIp(String projectId, String portId, String description) {
    synchronized (state.lock) {
      return neutron.createFloatingIp(projectId, neutron.externalNetwork().id(), portId, null, description)
          .str("floating_ip_address");
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

  private static Resource childByPort(LoadBalancing api, Resource lb, int port) {
    for (String listenerId : lb.refs("listeners")) {
      Resource listener = api.of("listeners").get(listenerId);
      if (listener != null && listener.integer("protocol_port") == port) {
        return listener;
      }
    }
    return null;
  }

  private String projectNetwork(String projectId) {
    return state.networks.values().stream().filter(n -> projectId.equals(n.str("project_id"))).findFirst().orElseThrow().id();
  }

  private static LoadBalancerState view(Resource lb) {
    return new LoadBalancerState(lb.id(), lb.str("name"), lb.str("provisioning_status"), lb.str("vip_port_id"),
        lb.str("vip_address"));
  }
}
