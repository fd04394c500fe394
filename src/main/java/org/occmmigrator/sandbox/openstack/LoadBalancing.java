package org.occmmigrator.sandbox.openstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Load balancers of one API: Neutron LBaaS v2 (the in-tree provider's) or Octavia (OCCM's). Both keep
 * their rules: children are changed only while the load balancer is ACTIVE (409 otherwise), every
 * change passes through PENDING_UPDATE, and a load balancer with children cannot be deleted — except
 * with Octavia's cascade (DOMAIN.md §4).
 */
final class LoadBalancing {

  private final CloudState state;
  private final Neutron neutron;
  private final boolean octavia;
  private final Map<String, Map<String, Resource>> objects;

  LoadBalancing(CloudState state, Neutron neutron, boolean octavia) {
    this.state = state;
    this.neutron = neutron;
    this.octavia = octavia;
    this.objects = octavia ? state.octavia : state.lbaas;
  }

  Map<String, Resource> of(String type) {
    Map<String, Resource> map = objects.get(type);
    if (map == null) {
      throw notFound("Resource type " + type);
    }
    return map;
  }

  Resource get(String type, String id) {
    Resource resource = of(type).get(id);
    if (resource == null) {
      throw notFound(singular(type) + " " + id);
    }
    return resource;
  }

  Resource createLoadBalancer(String projectId, Map<String, Object> body) {
    if (octavia) {
      int quota = neutron.quota(projectId, "load_balancer");
      long used = of("loadbalancers").values().stream().filter(lb -> projectId.equals(lb.str("project_id"))).count();
      if (quota >= 0 && used >= quota) {
        throw ApiError.octavia(403, "Quota has been met for resources: LoadBalancer");
      }
    }
    String subnetId = (String) body.get("vip_subnet_id");
    if (subnetId == null && body.get("vip_network_id") != null) {
      subnetId = neutron.subnetOf((String) body.get("vip_network_id")).id();
    }
    if (subnetId == null) {
      throw badRequest("vip_subnet_id or vip_network_id is required");
    }
    String id = CloudState.newId();
    Resource port = neutron.createPort(subnetId, octavia ? "Octavia" : "neutron:LOADBALANCERV2", id,
        (octavia ? "octavia-lb-" : "loadbalancer-") + id, projectId);
    Map<String, Object> fields = new HashMap<>();
    fields.put("id", id);
    fields.put("name", body.getOrDefault("name", ""));
    fields.put("description", body.getOrDefault("description", ""));
    fields.put("vip_subnet_id", subnetId);
    fields.put("vip_network_id", port.str("network_id"));
    fields.put("vip_port_id", port.id());
    fields.put("vip_address", Neutron.fixedIp(port));
    fields.put("provisioning_status", "ACTIVE");
    fields.put("operating_status", "OFFLINE");
    fields.put("admin_state_up", true);
    fields.put("tenant_id", projectId);
    fields.put("project_id", projectId);
    fields.put("provider", octavia ? "amphora" : "haproxy");
    fields.put("listeners", new ArrayList<>());
    fields.put("pools", new ArrayList<>());
    // Octavia writes UTC seconds without a zone, e.g. 2026-11-29T15:00:00
    String now = java.time.LocalDateTime.ofInstant(state.now(), java.time.ZoneOffset.UTC)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    fields.put("created_at", now);
    fields.put("updated_at", now);
    Resource lb = new Resource(fields);
    of("loadbalancers").put(id, lb);
    state.event("loadbalancer.created", Map.of("id", id, "name", lb.str("name"), "api", octavia ? "octavia" : "lbaas")); 
    state.pending(lb, "PENDING_CREATE");
    return lb;
  }

  /** Creates a listener, pool, member or health monitor under an ACTIVE load balancer. */
  Resource createChild(String type, String projectId, Map<String, Object> body, String poolIdForMember) {
    Map<String, Object> fields = new HashMap<>(body);
    fields.put("id", CloudState.newId());
    fields.put("tenant_id", projectId);
    fields.put("project_id", projectId);
    fields.putIfAbsent("admin_state_up", true);
    fields.put("provisioning_status", "ACTIVE");
    fields.put("operating_status", "ONLINE");
    Resource lb;
    switch (type) {
      case "listeners" -> {
        lb = activeLoadBalancer(str(body.get("loadbalancer_id")));
        fields.put("loadbalancers", Resource.refList(List.of(lb.id())));
        fields.putIfAbsent("default_pool_id", null);
        lb.put("listeners", Resource.refList(append(lb.refs("listeners"), (String) fields.get("id"))));
      }
      case "pools" -> {
        Resource listener = body.get("listener_id") == null ? null : get("listeners", str(body.get("listener_id")));
        String lbId = listener != null ? listener.refs("loadbalancers").get(0) : str(body.get("loadbalancer_id"));
        lb = activeLoadBalancer(lbId);
        fields.put("loadbalancers", Resource.refList(List.of(lb.id())));
        fields.put("listeners", listener == null ? List.of() : Resource.refList(List.of(listener.id())));
        fields.put("members", List.of());
        fields.put("healthmonitor_id", null);
        if (listener != null) {
          listener.put("default_pool_id", fields.get("id"));
        }
        lb.put("pools", Resource.refList(append(lb.refs("pools"), (String) fields.get("id"))));
      }
      case "members" -> {
        Resource pool = get("pools", poolIdForMember);
        lb = activeLoadBalancer(pool.refs("loadbalancers").get(0));
        fields.put("pool_id", pool.id());
        fields.putIfAbsent("weight", 1);
        pool.put("members", Resource.refList(append(pool.refs("members"), (String) fields.get("id"))));
      }
      case "healthmonitors" -> {
        Resource pool = get("pools", str(body.get("pool_id")));
        lb = activeLoadBalancer(pool.refs("loadbalancers").get(0));
        fields.put("pools", Resource.refList(List.of(pool.id())));
        pool.put("healthmonitor_id", fields.get("id"));
      }
      default -> throw notFound("Resource type " + type);
    }
    Resource child = new Resource(fields);
    of(type).put(child.id(), child);
    state.pending(lb, "PENDING_UPDATE");
    return child;
  }

  void delete(String type, String id, boolean cascade, String poolIdForMember) {
    Resource resource = get(type, id);
    switch (type) {
      case "loadbalancers" -> {
        boolean hasChildren = !resource.refs("listeners").isEmpty() || !resource.refs("pools").isEmpty();
        if (hasChildren && !(octavia && cascade)) {
          // what Octavia answers (and what the LBaaS v2 paths proxied to it answer): 400, not 409
          throw badRequest("Validation failure: Cannot delete Load Balancer " + id + " - it has children");
        }
        requireActive(resource);
        if (cascade) {
          for (String child : List.of("members", "healthmonitors", "pools", "listeners")) {
            of(child).values().removeIf(r -> belongsTo(r, id));
          }
          resource.put("listeners", new ArrayList<>());
          resource.put("pools", new ArrayList<>());
        }
        state.pending(resource, "PENDING_DELETE");
      }
      case "listeners" -> {
        Resource lb = activeLoadBalancer(resource.refs("loadbalancers").get(0));
        if (resource.str("default_pool_id") != null && of("pools").containsKey(resource.str("default_pool_id"))) {
          throw conflict("Listener " + id + " is in use by pool " + resource.str("default_pool_id"));
        }
        of(type).remove(id);
        lb.put("listeners", Resource.refList(remove(lb.refs("listeners"), id)));
        state.pending(lb, "PENDING_UPDATE");
      }
      case "pools" -> {
        Resource lb = activeLoadBalancer(resource.refs("loadbalancers").get(0));
        if (!resource.refs("members").isEmpty() || resource.str("healthmonitor_id") != null) {
          throw conflict("Pool " + id + " is in use by members or a health monitor");
        }
        of(type).remove(id);
        lb.put("pools", Resource.refList(remove(lb.refs("pools"), id)));
        for (Resource listener : of("listeners").values()) {
          if (id.equals(listener.str("default_pool_id"))) {
            listener.put("default_pool_id", null);
          }
        }
        state.pending(lb, "PENDING_UPDATE");
      }
      case "members" -> {
        Resource pool = get("pools", poolIdForMember);
        Resource lb = activeLoadBalancer(pool.refs("loadbalancers").get(0));
        of(type).remove(id);
        pool.put("members", Resource.refList(remove(pool.refs("members"), id)));
        state.pending(lb, "PENDING_UPDATE");
      }
      case "healthmonitors" -> {
        Resource pool = get("pools", resource.refs("pools").get(0));
        Resource lb = activeLoadBalancer(pool.refs("loadbalancers").get(0));
        of(type).remove(id);
        pool.put("healthmonitor_id", null);
        state.pending(lb, "PENDING_UPDATE");
      }
      default -> throw notFound("Resource type " + type);
    }
  }

  /** Members of the pool behind the listener on that port, if the load balancer serves. */
  List<String> memberAddresses(Resource lb, int port) {
    for (String listenerId : lb.refs("listeners")) {
      Resource listener = of("listeners").get(listenerId);
      if (listener != null && listener.integer("protocol_port") == port && listener.str("default_pool_id") != null) {
        Resource pool = of("pools").get(listener.str("default_pool_id"));
        if (pool != null) {
          return pool.refs("members").stream().map(m -> of("members").get(m)).filter(m -> m != null)
              .map(m -> m.str("address")).toList();
        }
      }
    }
    return List.of();
  }

  private boolean belongsTo(Resource child, String lbId) {
    if (child.refs("loadbalancers").contains(lbId)) {
      return true;
    }
    String poolId = child.str("pool_id") != null ? child.str("pool_id")
        : child.refs("pools").isEmpty() ? null : child.refs("pools").get(0);
    Resource pool = poolId == null ? null : of("pools").get(poolId);
    return pool != null && pool.refs("loadbalancers").contains(lbId);
  }

  private Resource activeLoadBalancer(String id) {
    if (id == null) {
      throw badRequest("loadbalancer_id is required");
    }
    Resource lb = get("loadbalancers", id);
    requireActive(lb);
    return lb;
  }

  private void requireActive(Resource lb) {
    String status = lb.str("provisioning_status");
    if (!"ACTIVE".equals(status)) {
      throw octavia ? ApiError.octavia(409, "Invalid state " + status + " of loadbalancer resource " + lb.id())
          : ApiError.neutron(409, "StateInvalid", "Invalid state " + status + " of loadbalancer resource " + lb.id());
    }
  }

  private ApiError conflict(String message) {
    return octavia ? ApiError.octavia(409, message) : ApiError.neutron(409, "EntityInUse", message);
  }

  private ApiError notFound(String what) {
    return octavia ? ApiError.octavia(404, what + " not found.") : ApiError.neutron(404, "EntityNotFound", what + " could not be found");
  }

  private ApiError badRequest(String message) {
    return octavia ? ApiError.octavia(400, message) : ApiError.neutron(400, "BadRequest", message);
  }

  private static String singular(String type) {
    return type.endsWith("s") ? type.substring(0, type.length() - 1) : type;
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<String> append(List<String> ids, String id) {
    List<String> copy = new ArrayList<>(ids);
    copy.add(id);
    return copy;
  }

  private static List<String> remove(List<String> ids, String id) {
    List<String> copy = new ArrayList<>(ids);
    copy.remove(id);
    return copy;
  }
}
