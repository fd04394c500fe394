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

  /** A network with one subnet (198.51.100.0/24 when external, else 10.0.0.0/24). */
  Resource createNetwork(String name, boolean external, String projectId) {
    Resource network = createNetworkOnly(name, external, projectId);
    createSubnet(network.id(), name + "-subnet", external ? "198.51.100.0/24" : "10.0.0.0/24", projectId);
    return network;
  }

  Resource createNetworkOnly(String name, boolean external, String projectId) {
    Resource network = new Resource(Map.of("id", CloudState.newId(), "name", name == null ? "" : name,
        "router:external", external, "shared", false, "status", "ACTIVE", "admin_state_up", true,
        "tenant_id", projectId, "project_id", projectId, "subnets", new ArrayList<String>()));
    stamp(network);
    state.networks.put(network.id(), network);
    return network;
  }

  @SuppressWarnings("unchecked")
  Resource createSubnet(String networkId, String name, String cidr, String projectId) {
    Resource network = visible(state.networks, networkId, projectId, "Network");
    if (cidr == null || !cidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
      throw ApiError.neutron(400, "BadRequest", "Invalid input for cidr. Reason: '" + cidr + "' is not a valid IP subnet.");
    }
    Resource subnet = new Resource(Map.of("id", CloudState.newId(), "name", name == null ? "" : name,
        "network_id", networkId, "cidr", cidr, "ip_version", 4, "tenant_id", projectId, "project_id", projectId));
    stamp(subnet);
    state.subnets.put(subnet.id(), subnet);
    List<String> subnets = new ArrayList<>((List<String>) network.get("subnets"));
    subnets.add(subnet.id());
    network.put("subnets", subnets);
    return subnet;
  }

  /**
   * A project sees its own networks, subnets and ports, and external networks; another project's object answers
   * 404 as if it did not exist (real Neutron's policy: "admin_or_owner"), never 403.
   */
  static boolean visibleTo(Resource resource, String projectId) {
    return projectId == null || projectId.equals(resource.str("project_id")) || Boolean.TRUE.equals(resource.get("router:external"))
        || Boolean.TRUE.equals(resource.get("shared"));
  }

  Resource visible(Map<String, Resource> all, String id, String projectId, String kind) {
    Resource resource = id == null ? null : all.get(id);
    if (resource == null || !visibleTo(resource, projectId)) {
      throw ApiError.neutron(404, kind + "NotFound", kind + " " + id + " could not be found.");
    }
    return resource;
  }

  /** DELETE of a network or subnet: refused while ports use it (409 NetworkInUse/SubnetInUse), as in Neutron. */
  @SuppressWarnings("unchecked")
  void deleteNetworkOrSubnet(boolean network, String id, String projectId) {
    Resource resource = visible(network ? state.networks : state.subnets, id, projectId, network ? "Network" : "Subnet");
    boolean inUse = state.ports.values().stream().anyMatch(port -> network ? id.equals(port.str("network_id"))
        : ((List<Map<String, Object>>) port.get("fixed_ips")).stream().anyMatch(ip -> id.equals(ip.get("subnet_id"))));
    if (inUse) {
      throw ApiError.neutron(409, network ? "NetworkInUse" : "SubnetInUse", "Unable to complete operation on "
          + (network ? "network " : "subnet ") + id + ". There are one or more ports still in use on the network.");
    }
    if (network) {
      state.subnets.values().removeIf(subnet -> id.equals(subnet.str("network_id")));
      state.networks.remove(id);
    } else {
      state.subnets.remove(id);
      Resource parent = state.networks.get(resource.str("network_id"));
      if (parent != null) {
        List<String> subnets = new ArrayList<>((List<String>) parent.get("subnets"));
        subnets.remove(id);
        parent.put("subnets", subnets);
      }
    }
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
    String prefix = subnet.str("cidr").substring(0, subnet.str("cidr").lastIndexOf('.') + 1);
    String address = prefix + (nextPrivateAddress++ % 250 + 2);
    Map<String, Object> fields = new HashMap<>(Map.of("id", CloudState.newId(), "name", name == null ? "" : name,
        "network_id", subnet.str("network_id"), "device_owner", deviceOwner == null ? "" : deviceOwner,
        "device_id", deviceId == null ? "" : deviceId, "status", "DOWN",
        "admin_state_up", true, "fixed_ips", List.of(Map.of("subnet_id", subnetId, "ip_address", address))));
    fields.put("tenant_id", projectId);
    fields.put("project_id", projectId);
    fields.put("security_groups", new ArrayList<String>());
    fields.put("mac_address", String.format("fa:16:3e:00:%02x:%02x", nextPrivateAddress / 256 % 256, nextPrivateAddress % 256));
    Resource port = new Resource(fields);
    stamp(port);
    state.ports.put(port.id(), port);
    return port;
  }

  /** POST /ports: a port on the network's first subnet, in the caller's project. */
  @SuppressWarnings("unchecked")
  Resource createPort(String projectId, Map<String, Object> body) {
    Resource network = visible(state.networks, (String) body.get("network_id"), projectId, "Network");
    List<String> subnets = (List<String>) network.get("subnets");
    if (subnets.isEmpty()) {
      throw ApiError.neutron(400, "BadRequest", "Network " + network.id() + " has no subnet");
    }
    Resource port = createPort(subnets.get(0), (String) body.get("device_owner"), (String) body.get("device_id"),
        (String) body.get("name"), projectId);
    if (body.get("security_groups") instanceof List<?> groups) {
      updatePort(port.id(), projectId, Map.of("security_groups", groups));
    }
    return port;
  }

  /** PUT /ports/{id}: name, admin state, device and security groups (each group must be visible). */
  Resource updatePort(String id, String projectId, Map<String, Object> changes) {
    Resource port = visible(state.ports, id, projectId, "Port");
    for (String key : List.of("name", "admin_state_up", "device_owner", "device_id", "description")) {
      if (changes.containsKey(key)) {
        port.put(key, changes.get(key));
      }
    }
    if (changes.get("security_groups") instanceof List<?> groups) {
      for (Object group : groups) {
        Resource sg = state.securityGroups.get(String.valueOf(group));
        if (sg == null || !(projectId == null || projectId.equals(sg.str("project_id")))) {
          throw ApiError.neutron(404, "SecurityGroupNotFound", "Security group " + group + " does not exist");
        }
      }
      port.put("security_groups", groups.stream().map(String::valueOf).toList());
    }
    touch(port);
    return port;
  }

  /** DELETE /ports/{id}: a floating IP on the port is disassociated (real Neutron clears its port_id). */
  void deletePort(String id, String projectId) {
    visible(state.ports, id, projectId, "Port");
    state.removePort(id);
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
        "description", description == null ? "" : description, "tags", List.of())));
    fip.put("port_id", null);
    fip.put("fixed_ip_address", null);
    fip.put("router_id", null);
    fip.put("port_details", null);
    stamp(fip);
    if (portId != null) {
      associate(fip, portId, projectId); // a refused association leaves no floating IP allocated, as in Neutron
    }
    state.floatingIps.put(fip.id(), fip);
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
    return associate(fip, portId, null);
  }

  /** As {@link #associate(Resource, String)}, as seen by a project: another project's port is 404 PortNotFound. */
  Resource associate(Resource fip, String portId, String projectId) {
    String from = fip.str("port_id");
    if (portId != null) {
      Resource port = state.ports.get(portId);
      if (port == null || !visibleTo(port, projectId)) {
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
    touch(fip);
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

  /**
   * DELETE /security-groups/{id}: refused with 409 SecurityGroupInUse while a port uses it (e.g. an old LB's VIP port
   * until the LB is gone); rules of other groups that reference it go with it.
   */
  @SuppressWarnings("unchecked")
  void deleteSecurityGroup(String id) {
    if (!state.securityGroups.containsKey(id)) {
      throw ApiError.neutron(404, "SecurityGroupNotFound", "Security group " + id + " does not exist");
    }
    if (state.ports.values().stream().anyMatch(port -> port.get("security_groups") instanceof List<?> groups
        && groups.contains(id))) {
      throw ApiError.neutron(409, "SecurityGroupInUse", "Security Group " + id + " in use.");
    }
    state.securityGroups.remove(id);
    state.securityGroupRules.values().removeIf(rule -> id.equals(rule.str("security_group_id"))
        || id.equals(rule.str("remote_group_id")));
  }

  /** created_at/updated_at (seconds, as Neutron writes them) and revision_number on a new object. */
  void stamp(Resource resource) {
    String now = state.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    resource.put("created_at", now);
    resource.put("updated_at", now);
    resource.put("revision_number", 0);
  }

  /** Every change moves updated_at and revision_number on, as in Neutron. */
  void touch(Resource resource) {
    resource.put("updated_at", state.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    resource.put("revision_number", resource.integer("revision_number") + 1);
  }

  int quota(String projectId, String resource) {
    return state.quotas.getOrDefault(projectId, Map.of()).getOrDefault(resource, -1);
  }
}
