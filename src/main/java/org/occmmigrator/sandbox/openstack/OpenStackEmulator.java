package org.occmmigrator.sandbox.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenStack cloud on loopback that speaks the real HTTP APIs — Keystone v3, Neutron with the old
 * LBaaS v2 extension, Octavia v2 — with their rules, so that openstack4j and the openstack CLI work
 * against it unchanged. Plus what no real cloud offers: fault injection, an event log with timestamps
 * and a data-plane view ({@code /_sandbox/...}).
 *
 * <p>Layout: {@code /identity/v3} (the auth URL), {@code /network/v2.0}, {@code /load-balancer/v2}.
 */
public final class OpenStackEmulator implements AutoCloseable {

  static {
    // The JDK's HTTP server writes headers and body in two packets; without TCP_NODELAY every answer waits for
    // the client's delayed ACK: about 40 ms a request on loopback instead of about 3 ms. Read once per JVM,
    // when the first server is made.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Set while the request this thread handles is acted on and its answer lost (FaultInjector.Action.LOSE_ANSWER). Not
   * an exchange attribute: the JDK server keeps those per context, i.e. for every request.
   */
  private final ThreadLocal<Boolean> answerLost = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private static final Set<String> LIST_PARAMETERS_IGNORED = Set.of("fields", "limit", "marker", "sort_key", "sort_dir",
      "page_reverse", "cascade");

  private final CloudState state;
  private final Identity identity;
  private final Neutron neutron;
  private final LoadBalancing lbaas;
  private final LoadBalancing octavia;
  private final FaultInjector faults = new FaultInjector();
  private final CloudControllers controllers;
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private volatile ApiLatency latency = ApiLatency.NONE;
  private HttpServer server;
  private ExecutorService executor;

  public OpenStackEmulator(Clock clock, Duration provisioningDelay) {
    this.state = new CloudState(clock, provisioningDelay);
    this.identity = new Identity(state);
    this.neutron = new Neutron(state);
    this.lbaas = new LoadBalancing(state, neutron, false);
    this.octavia = new LoadBalancing(state, neutron, true);
    this.controllers = new CloudControllers(state, neutron, lbaas, octavia);
  }

  /** What the sandbox's OCCM and in-tree provider do to the cloud. */
  public CloudControllers controllers() {
    return controllers;
  }

  /** Listens on 127.0.0.1 (port 0: any free port). */
  public OpenStackEmulator start(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException cannotListen) {
      throw new IllegalStateException("The OpenStack emulator cannot listen on port " + port, cannotListen);
    }
    executor = Executors.newFixedThreadPool(8, runnable -> {
      Thread thread = new Thread(runnable, "openstack-emulator");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The Keystone v3 URL to configure as a datacenter's auth URL. */
  public String authUrl() {
    return baseUrl() + "/identity/v3";
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  // --- what tests and the sandbox set up and look at

  public FaultInjector faults() {
    return faults;
  }

  public void setProvisioningDelay(Duration delay) {
    state.provisioningDelay = delay;
  }

  /** How long each answer takes (outside the cloud's lock, as concurrent API workers would). */
  public void setLatency(ApiLatency latency) {
    this.latency = latency;
  }

  public void setTokenLifetime(Duration lifetime) {
    identity.tokenLifetime = lifetime;
  }

  /** Creates a project with a user (password) and returns the project id. */
  public String createProject(String name, String domain, String user, String password) {
    synchronized (state.lock) {
      String projectId = identity.createProject(name, domain).id();
      identity.createUser(user, password, domain, projectId);
      if (state.networks.values().stream().noneMatch(n -> Boolean.TRUE.equals(n.get("router:external")))) {
        neutron.createNetwork("public", true, "admin");
      }
      neutron.createNetwork("kubernetes-" + name, false, projectId);
      return projectId;
    }
  }

  /** Adds a user (password) to an existing project, e.g. for a second cluster sharing the project. */
  public void createUser(String projectId, String name, String password, String domain) {
    synchronized (state.lock) {
      identity.createUser(name, password, domain, projectId);
    }
  }

  /**
   * Serves more of the sandbox's own API (e.g. /_sandbox/clusters) on this server: requests under the
   * prefix go to the handler, without fault injection and outside the cloud's lock.
   */
  public void serve(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(pathPrefix, handler);
  }

  public void createApplicationCredential(String id, String secret, String user, String domain) {
    identity.createApplicationCredential(id, secret, user, domain);
  }

  /** Quota of a project: floatingip (Neutron) and load_balancer (Octavia); -1 unlimited. */
  public void setQuota(String projectId, String resource, int limit) {
    state.quotas.computeIfAbsent(projectId, p -> new java.util.concurrent.ConcurrentHashMap<>()).put(resource, limit);
  }

  public String projectNetworkId(String projectId) {
    return state.networks.values().stream().filter(n -> projectId.equals(n.str("project_id"))).findFirst().orElseThrow().id();
  }

  /**
   * Creates what the in-tree provider leaves behind for a Service: an LBaaS v2 load balancer named
   * {@code name} with one listener/pool/monitor per port and members for the nodes, a floating IP on
   * its VIP port (the given address) and, if sgName is given, its security group plus a rule in the
   * node security group referencing it. Returns the load balancer id.
   */
  public String createLegacyLoadBalancer(String projectId, String name, String serviceName, List<Integer> ports,
      int nodePort, Collection<String> nodeAddresses, String floatingIp, String sgName) {
    synchronized (state.lock) {
      Duration delay = state.provisioningDelay;
      state.provisioningDelay = Duration.ZERO;
      try {
        Resource lb = lbaas.createLoadBalancer(projectId, Map.of("name", name, "description",
            "Kubernetes external service " + serviceName, "vip_subnet_id", neutron.subnetOf(projectNetworkId(projectId)).id()));
        for (int i = 0; i < ports.size(); i++) {
          Resource listener = lbaas.createChild("listeners", projectId, Map.of("name", "listener_" + name + "_" + i,
              "protocol", "TCP", "protocol_port", ports.get(i), "loadbalancer_id", lb.id()), null);
          Resource pool = lbaas.createChild("pools", projectId, Map.of("name", "pool_" + name + "_" + i, "protocol", "TCP",
              "lb_algorithm", "ROUND_ROBIN", "listener_id", listener.id()), null);
          for (String node : nodeAddresses) {
            lbaas.createChild("members", projectId, Map.of("name", "member_" + name + "_" + i + "_" + node, "address", node,
                "protocol_port", nodePort, "subnet_id", lb.str("vip_subnet_id")), pool.id());
          }
          lbaas.createChild("healthmonitors", projectId, Map.of("name", "monitor_" + name + "_" + i, "type", "TCP",
              "delay", 5, "timeout", 3, "max_retries", 3, "pool_id", pool.id()), null);
        }
        if (floatingIp != null) {
          neutron.createFloatingIp(projectId, neutron.externalNetwork().id(), lb.str("vip_port_id"), floatingIp, "");
        }
        if (sgName != null) {
          Resource lbGroup = neutron.createSecurityGroup(projectId, sgName);
          neutron.updatePort(lb.str("vip_port_id"), projectId, Map.of("security_groups", List.of(lbGroup.id())));
          Resource nodeGroup = state.securityGroups.values().stream()
              .filter(g -> projectId.equals(g.str("project_id")) && g.str("name").equals("kubernetes-nodes")).findFirst()
              .orElseGet(() -> neutron.createSecurityGroup(projectId, "kubernetes-nodes"));
          neutron.createRule(projectId, nodeGroup.id(), lbGroup.id(), nodePort);
        }
        return lb.id();
      } finally {
        state.provisioningDelay = delay;
      }
    }
  }

  /** The Octavia load balancer with that name goes to ERROR instead of ACTIVE. */
  public void failOctaviaLoadBalancer(String name) {
    state.failingLoadBalancerNames.add(name);
  }

  /** Nodes that exist: members with other addresses do not answer. */
  public void setLiveBackends(Collection<String> addresses) {
    state.liveBackends.clear();
    state.liveBackends.addAll(addresses);
  }

  public List<CloudEvent> events() {
    return List.copyOf(state.events);
  }

  /** Events of one type (e.g. floatingip.port_changed), oldest first. */
  public List<CloudEvent> events(String type) {
    return state.events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public DataPlaneView dataPlane(String address, int port) {
    synchronized (state.lock) {
      state.settle();
      Resource fip = state.floatingIps.values().stream().filter(f -> address.equals(f.str("floating_ip_address")))
          .findFirst().orElse(null);
      if (fip == null || fip.str("port_id") == null) {
        return new DataPlaneView(address, port, false, null, null, null, List.of(),
            fip == null ? "no such floating IP" : "the floating IP is not associated");
      }
      for (var api : List.of(Map.entry("octavia", octavia), Map.entry("neutron-lbaas", lbaas))) {
        for (Resource lb : api.getValue().of("loadbalancers").values()) {
          if (!fip.str("port_id").equals(lb.str("vip_port_id"))) {
            continue;
          }
          String status = lb.str("provisioning_status");
          if (!"ACTIVE".equals(status) && !"PENDING_UPDATE".equals(status)) {
            return new DataPlaneView(address, port, false, lb.id(), lb.str("name"), api.getKey(), List.of(),
                "the load balancer is " + status);
          }
          List<String> alive = api.getValue().memberAddresses(lb, port).stream().filter(state.liveBackends::contains).toList();
          return new DataPlaneView(address, port, !alive.isEmpty(), lb.id(), lb.str("name"), api.getKey(), alive,
              alive.isEmpty() ? "no live member behind a listener on port " + port : "served");
        }
      }
      return new DataPlaneView(address, port, false, null, null, null, List.of(), "the port is no load balancer's VIP port");
    }
  }

  // --- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      answer(exchange);
    } finally {
      answerLost.remove();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try {
      byte[] rawBody = exchange.getRequestBody().readAllBytes();
      if (!path.startsWith("/_sandbox")) {
        sleep(latency.of(method, path));
        var fault = faults.match(method, path, new String(rawBody, StandardCharsets.UTF_8));
        if (fault.isPresent()) {
          switch (fault.get().action()) {
            case DROP -> {
              return; // closes the connection without an answer
            }
            case DELAY -> sleep(fault.get().delay());
            case LOSE_ANSWER -> answerLost.set(Boolean.TRUE); // acted on below, never answered
            case STATUS -> {
              String message = fault.get().message() != null ? fault.get().message() : "injected fault " + fault.get().status();
              send(exchange, fault.get().status(), Map.of("NeutronError", Map.of("type", "InjectedFault",
                  "message", message, "detail", "")));
              return;
            }
          }
        }
      }
      Map<String, Object> body = readBody(rawBody);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Object answer;
      int status = 200;
      synchronized (state.lock) {
        state.settle();
        if (path.startsWith("/identity")) {
          String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
          if (method.equals("POST") && path.matches("/identity/v3/auth/tokens/?")) {
            state.event("identity.auth_requested", Map.of());
            var issued = identity.authenticate(body, endpoints());
            exchange.getResponseHeaders().add("X-Subject-Token", issued.getKey());
            send(exchange, 201, issued.getValue());
            return;
          }
          if (method.equals("GET") && path.matches("/identity/v3/auth/tokens/?")) {
            identity.validate(token, exchange.getRequestHeaders().getFirst("X-Subject-Token"));
            send(exchange, 200, Map.of("token", Map.of()));
            return;
          }
          if (method.equals("DELETE") && path.matches("/identity/v3/auth/tokens/?")) {
            identity.revoke(token, exchange.getRequestHeaders().getFirst("X-Subject-Token"));
            send(exchange, 204, null);
            return;
          }
          var credentials = java.util.regex.Pattern.compile("/identity/v3/users/([^/]+)/application_credentials(?:/([^/]+))?/?")
              .matcher(path);
          if (credentials.matches() && method.equals("POST") && credentials.group(2) == null) {
            send(exchange, 201, identity.createApplicationCredential(token, credentials.group(1), body));
            return;
          }
          if (credentials.matches() && method.equals("DELETE") && credentials.group(2) != null) {
            identity.deleteApplicationCredential(token, credentials.group(1), credentials.group(2));
            send(exchange, 204, null);
            return;
          }
          answer = identityVersions(path);
        } else if (path.startsWith("/_sandbox")) {
          answer = sandbox(method, path, query, body);
        } else {
          String project = identity.projectOf(exchange.getRequestHeaders().getFirst("X-Auth-Token"));
          if (path.matches("/network/?") || path.matches("/load-balancer/?")) {
            answer = serviceVersions(path);
          } else if (path.startsWith("/network/v2.0/")) {
            Object[] result = neutronApi(method, path.substring("/network/v2.0/".length()), query, body, project);
            status = (int) result[0];
            answer = result[1];
          } else if (path.matches("/load-balancer/v2(\\.0)?/.*")) {
            Object[] result = octaviaApi(method, path.replaceFirst("/load-balancer/v2(\\.0)?/", ""), query, body, project);
            status = (int) result[0];
            answer = result[1];
          } else {
            throw ApiError.neutron(404, "NotFound", "No such resource " + path);
          }
        }
      }
      send(exchange, status, answer);
    } catch (ApiError error) {
      send(exchange, error.status, error.body);
    } catch (RuntimeException unexpected) {
      send(exchange, 500, Map.of("message", String.valueOf(unexpected.getMessage())));
    }
  }

  private Object[] neutronApi(String method, String path, Map<String, String> query, Map<String, Object> body, String project) {
    String[] parts = path.replaceAll("/$", "").replaceAll("\\.json$", "").split("/");
    String collection = parts[0];
    if (collection.equals("lbaas")) {
      return loadBalancerApi(lbaas, false, method, java.util.Arrays.copyOfRange(parts, 1, parts.length), query, body, project);
    }
    String id = parts.length > 1 ? parts[1] : null;
    switch (collection) {
      case "networks", "subnets", "ports" -> {
        return networkingApi(collection, id, method, query, body, project);
      }
      case "floatingips" -> {
        if (id == null && method.equals("GET")) {
          return ok(Map.of("floatingips", list(state.floatingIps.values(), query, project)));
        }
        if (id == null && method.equals("POST")) {
          Map<String, Object> f = inner(body, "floatingip");
          return created(Map.of("floatingip", neutron.createFloatingIp(project,
              (String) f.getOrDefault("floating_network_id", neutron.externalNetwork().id()), (String) f.get("port_id"),
              (String) f.get("floating_ip_address"), (String) f.get("description"))));
        }
        if (id == null) { // PUT/DELETE on the collection: Neutron looks for the floating IP "None"
          throw ApiError.neutron(404, "FloatingIPNotFound", "Floating IP None could not be found");
        }
        Resource fip = neutron.floatingIp(id);
        if (!project.equals(fip.str("project_id"))) {
          throw ApiError.neutron(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
        }
        return switch (method) {
          case "GET" -> ok(Map.of("floatingip", fip));
          case "PUT" -> {
            Map<String, Object> changes = inner(body, "floatingip");
            if (changes.containsKey("description")) {
              fip.put("description", changes.get("description"));
            }
            yield ok(Map.of("floatingip", changes.containsKey("port_id")
                ? neutron.associate(fip, (String) changes.get("port_id"), project) : fip));
          }
          case "DELETE" -> {
            neutron.deleteFloatingIp(id);
            yield noContent();
          }
          default -> throw ApiError.neutron(405, "MethodNotAllowed", method);
        };
      }
      case "security-groups" -> {
        if (id == null && method.equals("GET")) {
          return ok(Map.of("security_groups", list(state.securityGroups.values(), query, project)));
        }
        if (id == null && method.equals("POST")) {
          return created(Map.of("security_group", neutron.createSecurityGroup(project,
              (String) inner(body, "security_group").get("name"))));
        }
        if (method.equals("DELETE")) {
          neutron.deleteSecurityGroup(id);
          return noContent();
        }
        return ok(Map.of("security_group", state.securityGroups.get(id)));
      }
      case "security-group-rules" -> {
        if (id == null && method.equals("GET")) {
          return ok(Map.of("security_group_rules", list(state.securityGroupRules.values(), query, project)));
        }
        if (id == null && method.equals("POST")) {
          Map<String, Object> r = inner(body, "security_group_rule");
          Object port = r.get("port_range_min");
          return created(Map.of("security_group_rule", neutron.createRule(project, (String) r.get("security_group_id"),
              (String) r.get("remote_group_id"), port instanceof Number n ? n.intValue() : 0)));
        }
        if (method.equals("DELETE")) {
          if (state.securityGroupRules.remove(id) == null) {
            throw ApiError.neutron(404, "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
          }
          return noContent();
        }
        return ok(Map.of("security_group_rule", state.securityGroupRules.get(id)));
      }
      case "quotas" -> {
        Map<String, Object> quota = new LinkedHashMap<>(Map.of("floatingip", neutron.quota(id, "floatingip"),
            "network", -1, "port", -1, "router", -1, "subnet", -1, "security_group", -1, "security_group_rule", -1));
        return ok(Map.of("quota", quota));
      }
      case "extensions" -> {
        return ok(Map.of("extensions", List.of(Map.of("alias", "lbaasv2", "name", "LoadBalancing service v2"),
            Map.of("alias", "router", "name", "Neutron L3 Router"), Map.of("alias", "security-group", "name", "security-group"))));
      }
      default -> throw ApiError.neutron(404, "NotFound", "The resource could not be found.");
    }
  }

  /** networks, subnets and ports: each project sees its own (and external networks); others' answer 404. */
  private Object[] networkingApi(String collection, String id, String method, Map<String, String> query,
      Map<String, Object> body, String project) {
    Map<String, Resource> all = collection.equals("networks") ? state.networks
        : collection.equals("subnets") ? state.subnets : state.ports;
    String singular = collection.substring(0, collection.length() - 1);
    String kind = Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    if (id == null && method.equals("GET")) {
      return ok(Map.of(collection, list(all.values(), query, project).stream()
          .filter(resource -> Neutron.visibleTo(resource, project)).toList()));
    }
    if (id == null && method.equals("POST")) {
      Map<String, Object> fields = inner(body, singular);
      return created(Map.of(singular, switch (collection) {
        case "networks" -> neutron.createNetworkOnly((String) fields.get("name"), false, project);
        case "subnets" -> neutron.createSubnet((String) fields.get("network_id"), (String) fields.get("name"),
            (String) fields.get("cidr"), project);
        default -> neutron.createPort(project, fields);
      }));
    }
    if (id == null) {
      throw ApiError.neutron(405, "MethodNotAllowed", method + " on " + collection);
    }
    return switch (method) {
      case "GET" -> ok(Map.of(singular, neutron.visible(all, id, project, kind)));
      case "PUT" -> {
        if (!collection.equals("ports")) {
          Resource resource = neutron.visible(all, id, project, kind);
          Map<String, Object> changes = inner(body, singular);
          if (changes.containsKey("name")) {
            resource.put("name", changes.get("name"));
            neutron.touch(resource);
          }
          yield ok(Map.of(singular, resource));
        }
        yield ok(Map.of(singular, neutron.updatePort(id, project, inner(body, singular))));
      }
      case "DELETE" -> {
        if (collection.equals("ports")) {
          neutron.deletePort(id, project);
        } else {
          neutron.deleteNetworkOrSubnet(collection.equals("networks"), id, project);
        }
        yield noContent();
      }
      default -> throw ApiError.neutron(405, "MethodNotAllowed", method);
    };
  }

  private Object[] octaviaApi(String method, String path, Map<String, String> query, Map<String, Object> body, String project) {
    String[] parts = path.replaceAll("/$", "").split("/");
    if (parts.length < 2 || !parts[0].equals("lbaas")) {
      throw ApiError.octavia(404, "The resource could not be found.");
    }
    if (parts[1].equals("quotas") && parts.length > 2) {
      return ok(Map.of("quota", Map.of("load_balancer", neutron.quota(parts[2], "load_balancer"), "listener", -1,
          "pool", -1, "member", -1, "health_monitor", -1)));
    }
    return loadBalancerApi(octavia, true, method, java.util.Arrays.copyOfRange(parts, 1, parts.length), query, body, project);
  }

  /** loadbalancers|listeners|pools|healthmonitors[/{id}[/statuses]] and pools/{id}/members[/{id}]. */
  private Object[] loadBalancerApi(LoadBalancing api, boolean isOctavia, String method, String[] parts,
      Map<String, String> query, Map<String, Object> body, String project) {
    String type = parts[0];
    String id = parts.length > 1 ? parts[1] : null;
    String poolId = null;
    if (type.equals("pools") && parts.length > 2 && parts[2].equals("members")) {
      poolId = id;
      type = "members";
      id = parts.length > 3 ? parts[3] : null;
    }
    String singular = type.substring(0, type.length() - 1);
    if (id == null && method.equals("GET")) {
      Collection<Resource> all = api.of(type).values();
      if (poolId != null) {
        String pool = poolId;
        all = all.stream().filter(m -> pool.equals(m.str("pool_id"))).toList();
      }
      return ok(Map.of(type, list(all, query, project)));
    }
    if (id == null && method.equals("POST")) {
      Map<String, Object> fields = inner(body, singular);
      Resource createdResource = type.equals("loadbalancers") ? api.createLoadBalancer(project, fields)
          : api.createChild(type, project, fields, poolId);
      return created(Map.of(singular, createdResource));
    }
    if (parts.length > 2 && parts[2].equals("statuses")) {
      return ok(Map.of("statuses", Map.of("loadbalancer", api.get(type, id))));
    }
    Resource resource = api.get(type, id);
    switch (method) {
      case "GET":
        return ok(Map.of(singular, resource));
      case "PUT":
        Map<String, Object> changes = inner(body, singular);
        for (String key : List.of("name", "description", "admin_state_up", "weight")) {
          if (changes.containsKey(key)) {
            resource.put(key, changes.get(key));
          }
        }
        return ok(Map.of(singular, resource));
      case "DELETE":
        api.delete(type, id, isOctavia && "true".equals(query.get("cascade")), poolId);
        return noContent();
      default:
        throw ApiError.octavia(405, method + " is not allowed");
    }
  }

  private Object sandbox(String method, String path, Map<String, String> query, Map<String, Object> body) {
    return switch (path) {
      case "/_sandbox/events" -> events();
      case "/_sandbox/dataplane" -> dataPlane(query.get("ip"), Integer.parseInt(query.getOrDefault("port", "80")));
      case "/_sandbox/failing-load-balancers" -> {
        if (method.equals("POST")) {
          failOctaviaLoadBalancer(String.valueOf(body.get("name")));
        }
        yield Map.of("names", List.copyOf(state.failingLoadBalancerNames));
      }
      case "/_sandbox/faults" -> {
        if (method.equals("DELETE")) {
          faults.clear();
        } else if (method.equals("POST")) {
          faults.add(json.convertValue(body, FaultInjector.Rule.class));
        }
        yield Map.of("fired", faults.fired());
      }
      default -> throw ApiError.neutron(404, "NotFound", path);
    };
  }

  private Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("identity", baseUrl() + "/identity/v3");
    endpoints.put("network", baseUrl() + "/network");
    endpoints.put("load-balancer", baseUrl() + "/load-balancer");
    return endpoints;
  }

  private Object identityVersions(String path) {
    Map<String, Object> v3 = Map.of("id", "v3.14", "status", "stable", "updated", "2020-04-07T00:00:00Z",
        "links", List.of(Map.of("rel", "self", "href", baseUrl() + "/identity/v3/")),
        "media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
    if (path.matches("/identity/v3/?")) {
      return Map.of("version", v3);
    }
    return Map.of("versions", Map.of("values", List.of(v3)));
  }

  private Object serviceVersions(String path) {
    if (path.startsWith("/network")) {
      return Map.of("versions", List.of(Map.of("id", "v2.0", "status", "CURRENT",
          "links", List.of(Map.of("rel", "self", "href", baseUrl() + "/network/v2.0/")))));
    }
    return Map.of("versions", List.of(Map.of("id", "v2.0", "status", "CURRENT", "updated", "2023-01-01T00:00:00Z",
        "links", List.of(Map.of("rel", "self", "href", baseUrl() + "/load-balancer/v2/")))));
  }

  // --- helpers

  private List<Resource> list(Collection<Resource> all, Map<String, String> query, String project) {
    Map<String, String> filters = new HashMap<>(query);
    filters.keySet().removeAll(LIST_PARAMETERS_IGNORED);
    List<Resource> result = new ArrayList<>();
    for (Resource resource : all) {
      boolean visible = project == null || resource.get("project_id") == null || project.equals(resource.str("project_id"))
          || Neutron.visibleTo(resource, project) && resource.containsKey("router:external");
      if (visible && resource.matches(filters)) {
        result.add(resource);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inner(Map<String, Object> body, String key) {
    Object inner = body.get(key);
    if (!(inner instanceof Map)) {
      throw ApiError.neutron(400, "BadRequest", "Request body must contain '" + key + "'");
    }
    return (Map<String, Object>) inner;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> readBody(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return Map.of();
    }
    Object parsed = json.readValue(bytes, Object.class);
    return parsed instanceof Map ? (Map<String, Object>) parsed : Map.of();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    if (answerLost.get()) {
      return; // the exchange is closed without an answer: the client sees the connection drop after the change
    }
    if (status == 204 || body == null) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    byte[] bytes = json.writeValueAsBytes(visible(body));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Drops the emulator's bookkeeping fields (they start with "_"). */
  @SuppressWarnings("unchecked")
  private static Object visible(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((key, inner) -> {
        if (!key.startsWith("_")) {
          copy.put(key, visible(inner));
        }
      });
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(OpenStackEmulator::visible).toList();
    }
    return value;
  }

  private static Object[] ok(Object body) {
    return new Object[] {200, body};
  }

  private static Object[] created(Object body) {
    return new Object[] {201, body};
  }

  private static Object[] noContent() {
    return new Object[] {204, null};
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
