package org.occmmigrator.sandbox.openstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the emulated cloud holds, behind one lock. Asynchronous transitions (PENDING_* to ACTIVE)
 * happen lazily: an object carries the instant it settles at, and every access settles what is due —
 * so a test clock drives them as well as the wall clock.
 */
final class CloudState {

  final Clock clock;
  /** How long LBaaS and Octavia objects stay PENDING_*; near zero in tests, seconds in demos. */
  volatile Duration provisioningDelay;
  final Map<String, Resource> projects = new ConcurrentHashMap<>();
  final Map<String, Resource> users = new ConcurrentHashMap<>();
  final Map<String, Resource> applicationCredentials = new ConcurrentHashMap<>();
  final Map<String, Resource> tokens = new ConcurrentHashMap<>();
  final Map<String, Resource> networks = new ConcurrentHashMap<>();
  final Map<String, Resource> subnets = new ConcurrentHashMap<>();
  final Map<String, Resource> ports = new ConcurrentHashMap<>();
  final Map<String, Resource> floatingIps = new ConcurrentHashMap<>();
  final Map<String, Resource> securityGroups = new ConcurrentHashMap<>();
  final Map<String, Resource> securityGroupRules = new ConcurrentHashMap<>();
  /** Neutron LBaaS v2 (kind neutron) and Octavia (kind octavia) objects, by type. */
  final Map<String, Map<String, Resource>> lbaas = Map.of("loadbalancers", new ConcurrentHashMap<>(),
      "listeners", new ConcurrentHashMap<>(), "pools", new ConcurrentHashMap<>(), "members", new ConcurrentHashMap<>(),
      "healthmonitors", new ConcurrentHashMap<>());
  final Map<String, Map<String, Resource>> octavia = Map.of("loadbalancers", new ConcurrentHashMap<>(),
      "listeners", new ConcurrentHashMap<>(), "pools", new ConcurrentHashMap<>(), "members", new ConcurrentHashMap<>(),
      "healthmonitors", new ConcurrentHashMap<>());
  /** Quotas per project: floatingip (Neutron), load_balancer (Octavia); -1 unlimited. */
  final Map<String, Map<String, Integer>> quotas = new ConcurrentHashMap<>();
  /** Octavia load balancer names that go to ERROR instead of ACTIVE (fault seeding). */
  final Set<String> failingLoadBalancerNames = ConcurrentHashMap.newKeySet();
  /** Addresses of backends (nodes) that exist and answer. */
  final Set<String> liveBackends = ConcurrentHashMap.newKeySet();
  final List<CloudEvent> events = new CopyOnWriteArrayList<>();
  final Object lock = new Object();

  CloudState(Clock clock, Duration provisioningDelay) {
    this.clock = clock;
    this.provisioningDelay = provisioningDelay;
  }

  Instant now() {
    return clock.instant();
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  void event(String type, Map<String, String> details) {
    events.add(new CloudEvent(now(), type, details));
  }

  /** Settles every PENDING_* object whose time has come (call with the lock held). */
  void settle() {
    Instant now = now();
    for (var kind : List.of(lbaas, octavia)) {
      for (Resource lb : List.copyOf(kind.get("loadbalancers").values())) {
        Object until = lb.get("_settlesAt");
        if (until instanceof Instant at && !now.isBefore(at)) {
          lb.remove("_settlesAt");
          String status = lb.str("provisioning_status");
          if ("PENDING_DELETE".equals(status)) {
            kind.get("loadbalancers").remove(lb.id());
            removePort(lb.str("vip_port_id")); // Octavia and neutron-lbaas delete the VIP port with the LB
            event("loadbalancer.deleted", Map.of("id", lb.id(), "name", lb.str("name")));
          } else {
            boolean fails = kind == octavia && failingLoadBalancerNames.contains(lb.str("name"));
            lb.put("provisioning_status", fails ? "ERROR" : "ACTIVE");
            lb.put("operating_status", fails ? "ERROR" : "ONLINE");
            event("loadbalancer." + (fails ? "error" : "active"), Map.of("id", lb.id(), "name", lb.str("name")));
          }
        }
      }
    }
  }

  /** Deletes a port; a floating IP on it is disassociated (real Neutron clears its port_id). */
  void removePort(String portId) {
    if (portId == null || ports.remove(portId) == null) {
      return;
    }
    for (Resource fip : floatingIps.values()) {
      if (portId.equals(fip.str("port_id"))) {
        fip.put("port_id", null);
        fip.put("fixed_ip_address", null);
        fip.put("status", "DOWN");
        fip.put("updated_at", now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        fip.put("revision_number", fip.integer("revision_number") + 1);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("address", fip.str("floating_ip_address"));
        details.put("from", portId);
        details.put("to", "");
        event("floatingip.port_changed", details);
      }
    }
  }

  /** Puts a load balancer into a PENDING state that settles after the provisioning delay. */
  void pending(Resource lb, String status) {
    lb.put("provisioning_status", status);
    lb.put("_settlesAt", now().plus(provisioningDelay));
    if (provisioningDelay.isZero() || provisioningDelay.isNegative()) {
      settle();
    }
  }

  static <T> List<T> copy(Collection<T> values) {
    return List.copyOf(values);
  }
}
