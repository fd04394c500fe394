package org.occmmigrator.sandbox.openstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Neutron networking: networks, subnets, ports, floating IPs, security groups, quotas (DOMAIN.md §5). */
final class Neutron {

  private final CloudState state;
  private int nextPublicAddress = 10;
  private int nextPrivateAddress = 100;

  Neutron(CloudState state) {
    this.state = state;
  }

  Resource createNetwork(String name, boolean external, String projectId) {
    Resource network = new Resource(Map.of("id", CloudState.newId(), "name", name, "router:external", external,
        "status", "ACTIVE", "admin_state_up", true, "tenant_id", projectId, "project_id", projectId,
        "subnets", new ArrayList<String>()));
    state.networks.put(network.id(), network);
    Resource subnet = new Resource(Map.of("id", CloudState.newId(), "name", name + "-subnet", "network_id", network.id(),
        "cidr", external ? "198.51.100.0/24" : "10.0.0.0/24", "ip_version", 4, "tenant_id", projectId,
        "project_id", projectId));
    state.subnets.put(subnet.id(), subnet);
    ((List<String>) network.get("subnets")).add(subnet.id());
    return network;
  }

  Resource subnetOf(String networkId) {
    return state.subnets.values().stream().filter(s -> networkId.equals(s.str("network_id"))).findFirst().orElseThrow();
  }

  Resource externalNetwork() {
    return state.networks.values().stream().filter(n -> Boolean.TRUE.equals(n.get("router:external"))).findFirst()
        .orElseThrow(() -> ApiError.neutron(404, "ExternalNetworkNotFound", "No external network"));
  }

  /** A port with a fixed IP on the subnet, e.g. a load balancer's VIP port. */
  Resource createPort(String subnetId, String deviceOwner, String deviceId, String name, String projectId) {
    Resource subnet = state.subnets.get(subnetId);
    if (subnet == null) {
      throw ApiError.neutron(404, "SubnetNotFound", "Subnet " + subnetId + " could not be found.");
    }
    String address = "10.0.0." + (nextPrivateAddress++ % 250 + 2);
    Map<String, Object> fields = new HashMap<>(Map.of("id", CloudState.newId(), "name", name,
        "network_id", subnet.str("network_id"), "device_owner", deviceOwner, "device_id", deviceId, "status", "ACTIVE",
        "admin_state_up", true, "fixed_ips", List.of(Map.of("subnet_id", subnetId, "ip_address", address))));
    fields.put("tenant_id", projectId);
    fields.put("project_id", projectId);
    fields.put("mac_address", String.format("fa:16:3e:00:%02x:%02x", nextPrivateAddress / 256 % 256, nextPrivateAddress % 256));
    Resource port = new Resource(fields);
    state.ports.put(port.id(), port);
    return port;
  }

  @SuppressWarnings("unchecked")
  static String fixedIp(Resource port) {
    return ((List<Map<String, Object>>) port.get("fixed_ips")).get(0).get("ip_address").toString();
  }

  // --- floating IPs

  Resource createFloatingIp(String projectId, String networkId, String portId, String address, String description) {
    int quota = quota(projectId, "floatingip");
    long used = state.floatingIps.values().stream().filter(f -> projectId.equals(f.str("project_id"))).count();
    if (quota >= 0 && used >= quota) {
      throw ApiError.neutron(409, "OverQuota", "Quota exceeded for resources: ['floatingip'].");
    }
    if (address != null && !inSubnetOf(networkId, address)) {
      throw ApiError.neutron(400, "InvalidIpForNetwork", "IP address " + address
          + " is not a valid IP for any of the subnets on the specified network.");
    }
    String ip = address != null ? address : freePublicAddress();
    if (state.floatingIps.values().stream().anyMatch(f -> ip.equals(f.str("floating_ip_address")))) {
      throw ApiError.neutron(409, "IpAddressAlreadyAllocated", "IP address " + ip + " already allocated in subnet");
    }
    Resource fip = new Resource(new HashMap<>(Map.of("id", CloudState.newId(), "floating_ip_address", ip,
        "floating_network_id", networkId, "status", "DOWN", "tenant_id", projectId, "project_id", projectId,
        "description", description == null ? "" : description)));
    fip.put("port_id", null);
    fip.put("fixed_ip_address", null);
    state.floatingIps.put(fip.id(), fip);
    if (portId != null) {
      associate(fip, portId);
    }
    return fip;
  }

  /** The next public address no floating IP holds (addresses chosen by the caller may lie ahead). */
  private String freePublicAddress() {
    for (int attempt = 0; attempt < 250; attempt++) {
      String candidate = "198.51.100." + (nextPublicAddress++ % 250 + 2);
      if (state.floatingIps.values().stream().noneMatch(f -> candidate.equals(f.str("floating_ip_address")))) {
        return candidate;
      }
    }
    throw ApiError.neutron(409, "IpAddressGenerationFailure", "No more IP addresses available on the external network.");
  }

  /** True when the IPv4 address lies in a subnet of the network (real Neutron refuses others with 400). */
  private boolean inSubnetOf(String networkId, String address) {
    return state.subnets.values().stream().filter(s -> networkId.equals(s.str("network_id")))
        .anyMatch(s -> inCidr(address, s.str("cidr")));
  }

  private static boolean inCidr(String address, String cidr) {
    String[] parts = cidr.split("/");
    int bits = Integer.parseInt(parts[1]);
    long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
    try {
      return (ipv4(address) & mask) == (ipv4(parts[0]) & mask);
    } catch (IllegalArgumentException notIpv4) {
      return false;
    }
  }

  private static long ipv4(String address) {
    String[] octets = address.split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException(address);
    }
    long value = 0;
    for (String octet : octets) {
      int part = Integer.parseInt(octet);
      if (part < 0 || part > 255) {
        throw new IllegalArgumentException(address);
      }
      value = value << 8 | part;
    }
    return value;
  }

  /**
   * Associates (portId set) or disassociates (null) a floating IP. Moving an associated FIP to another
   * port is one call, as in upstream Neutron; a port that already has a FIP on the network is refused.
   */
  Resource associate(Resource fip, String portId) {
    String from = fip.str("port_id");
    if (portId != null) {
      Resource port = state.ports.get(portId);
      if (port == null) {
        throw ApiError.neutron(404, "PortNotFound", "Port " + portId + " could not be found.");
      }
      for (Resource other : state.floatingIps.values()) {
        if (!other.id().equals(fip.id()) && portId.equals(other.str("port_id"))
            && other.str("floating_network_id").equals(fip.str("floating_network_id"))) {
          throw ApiError.neutron(409, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
              + fip.str("floating_ip_address") + " (" + fip.id() + ") with port " + portId + " using fixed IP "
              + fixedIp(port) + ", as that fixed IP already has a floating IP on external network "
              + fip.str("floating_network_id") + ".");
        }
      }
      fip.put("port_id", portId);
      fip.put("fixed_ip_address", fixedIp(port));
      fip.put("status", "ACTIVE");
    } else {
      fip.put("port_id", null);
      fip.put("fixed_ip_address", null);
      fip.put("status", "DOWN");
    }
    if (!java.util.Objects.equals(from, portId)) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("address", fip.str("floating_ip_address"));
      details.put("from", from == null ? "" : from);
      details.put("to", portId == null ? "" : portId);
      state.event("floatingip.port_changed", details);
    }
    return fip;
  }

  Resource floatingIp(String id) {
    Resource fip = state.floatingIps.get(id);
    if (fip == null) {
      throw ApiError.neutron(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
    }
    return fip;
  }

  void deleteFloatingIp(String id) {
    Resource fip = floatingIp(id);
    if (fip.str("port_id") != null) {
      associate(fip, null);
    }
    state.floatingIps.remove(id);
    state.event("floatingip.deleted", Map.of("address", fip.str("floating_ip_address")));
  }

  // --- security groups

  Resource createSecurityGroup(String projectId, String name) {
    Resource group = new Resource(Map.of("id", CloudState.newId(), "name", name, "description", "",
        "tenant_id", projectId, "project_id", projectId, "security_group_rules", List.of()));
    state.securityGroups.put(group.id(), group);
    return group;
  }

  Resource createRule(String projectId, String groupId, String remoteGroupId, int port) {
    Map<String, Object> fields = new HashMap<>(Map.of("id", CloudState.newId(), "security_group_id", groupId,
        "direction", "ingress", "ethertype", "IPv4", "protocol", "tcp", "port_range_min", port, "port_range_max", port,
        "tenant_id", projectId, "project_id", projectId));
    fields.put("remote_group_id", remoteGroupId);
    fields.put("remote_ip_prefix", null);
    Resource rule = new Resource(fields);
    state.securityGroupRules.put(rule.id(), rule);
    return rule;
  }

  void deleteSecurityGroup(String id) {
    if (state.securityGroups.remove(id) == null) {
      throw ApiError.neutron(404, "SecurityGroupNotFound", "Security group " + id + " does not exist");
    }
    state.securityGroupRules.values().removeIf(rule -> id.equals(rule.str("security_group_id")));
  }

  int quota(String projectId, String resource) {
    return state.quotas.getOrDefault(projectId, Map.of()).getOrDefault(resource, -1);
  }
}
