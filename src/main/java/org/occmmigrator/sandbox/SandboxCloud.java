package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox cloud: a KKP seed and one user cluster per demo cluster (fabric8 mock API servers), an
 * OpenStack emulator, and the controllers that make them react (KKP, machine-controller, in-tree
 * provider, OCCM), all on loopback.
 */
public final class SandboxCloud implements AutoCloseable {

  /** Delays of the simulated world: seconds for a demo, milliseconds for tests. */
  public record Timing(Duration tick, Duration provisioning, Duration rollout) {}

  /** A request to the sandbox's runtime API that cannot be done: the HTTP status it answers and why. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** A cluster as the sandbox runs it: where KKP's migration stands (IN_TREE … EXTERNAL) and its project. */
  public record ClusterView(String id, String phase, String kkpVersion, String project, String projectId) {}

  /**
   * A LoadBalancer Service as it stands: its old (in-tree) load balancer if the in-tree provider served
   * it, and its status.loadBalancer.ingress IP (null: pending).
   */
  public record ServiceView(String cluster, String namespace, String name, String uid, String oldLoadBalancerId,
      String oldLoadBalancerName, String ingressIp) {}

  /**
   * An OCCM-style load balancer placed by hand, as another cluster's OCCM with the given cluster name
   * (default "kubernetes") leaves it: name kube_service_&lt;clusterName&gt;_&lt;namespace&gt;_&lt;service&gt;, a TCP
   * listener per port (default [80]) with the members (default: two addresses of no sandbox cluster,
   * which the data plane counts as live) on nodePort (default 30000), and unless withFloatingIp is false
   * a floating IP on its VIP port (floatingIp, or a new address) with OCCM's description.
   */
  public record ForeignLoadBalancerRequest(String clusterName, String namespace, String service, List<Integer> ports,
      Integer nodePort, List<String> members, String floatingIp, Boolean withFloatingIp) {}

  /** The placed load balancer and its floating IP (null when none). */
  public record ForeignLoadBalancer(String id, String name, String vipPortId, String vipAddress, String floatingIpId,
      String floatingIp) {}

  private static final Logger log = LoggerFactory.getLogger(SandboxCloud.class);

  private final DemoPlatform platform;
  private final OpenStackEmulator openStack;
  private final MockApiServer seed;
  private final Map<String, SandboxCluster> clusters = new LinkedHashMap<>();
  /** OpenStack projects by name: clusters naming the same project share it. */
  private final Map<String, String> projects = new LinkedHashMap<>();
  private final Map<String, List<String>> dns = new ConcurrentHashMap<>();
  /** Members of load balancers placed by hand: they answer like nodes. */
  private final List<String> foreignBackends = new CopyOnWriteArrayList<>();
  /** The last failure logged per cluster, so that one repeating every round is logged once. */
  private final Map<String, String> warned = new ConcurrentHashMap<>();
  private final KkpSimulation kkp;
  private final MachineControllerSimulation machineController = new MachineControllerSimulation();
  private final InTreeProviderSimulation inTree;
  private final OccmSimulation occm;
  private final ScheduledExecutorService controllers;
  private final Path seedKubeconfig;
  /** Set by close: failures of a round cut off by the shutdown are no news. */
  private volatile boolean closing;

  public SandboxCloud(DemoPlatform platform, Timing timing, Path workDir, Clock clock) {
    this.platform = platform;
    this.openStack = new OpenStackEmulator(clock, timing.provisioning()).start(0);
    this.seed = new MockApiServer("sandbox-seed");
    seed.serveCustomResource("kubermatic.k8c.io", "v1", "Cluster", "clusters", false);
    seed.serveCustomResource("kubermatic.k8s.io", "v1", "Cluster", "clusters", false);
    this.inTree = new InTreeProviderSimulation(openStack);
    PlatformSeeder seeder = new PlatformSeeder(seed.client(), openStack, inTree);
    int index = 0;
    for (DemoPlatform.Cluster demo : platform.clusters()) {
      String projectId = demo.openstack() == null ? null : project(demo.openstack());
      SandboxCluster cluster = new SandboxCluster(demo, new MockApiServer(demo.id()), projectId, index++);
      seeder.seed(cluster);
      clusters.put(demo.id(), cluster);
      demo.services().stream().filter(s -> s.hostname() != null && s.oldIp() != null)
          .forEach(s -> dns.put(s.hostname(), List.of(s.oldIp())));
    }
    this.kkp = new KkpSimulation(seed.client(), seeder, clock, timing.rollout());
    this.occm = new OccmSimulation(seed.client(), openStack.authUrl());
    this.seedKubeconfig = workDir.resolve("seed.kubeconfig");
    try {
      Files.createDirectories(workDir);
      Files.writeString(seedKubeconfig, seed.kubeconfig());
    } catch (IOException cannotWrite) {
      throw new IllegalStateException("Cannot write the sandbox seed kubeconfig to " + seedKubeconfig, cannotWrite);
    }
    SandboxControlApi api = new SandboxControlApi(this);
    openStack.serve("/_sandbox/clusters", api);
    openStack.serve("/_sandbox/projects", api);
    reconcile();
    this.controllers = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-controllers");
      thread.setDaemon(true);
      return thread;
    });
    controllers.scheduleWithFixedDelay(this::reconcileQuietly, timing.tick().toMillis(), timing.tick().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The project's id, creating it (with the cluster's user, network and default quotas) on first mention. */
  private String project(DemoPlatform.OpenStack os) {
    String projectId = projects.get(os.project());
    if (projectId == null) {
      projectId = openStack.createProject(os.project(), "Default", os.username(), os.password());
      projects.put(os.project(), projectId);
      openStack.setQuota(projectId, "floatingip", 20);
      openStack.setQuota(projectId, "load_balancer", 10);
    } else {
      openStack.createUser(projectId, os.username(), os.password(), "Default");
    }
    if (os.floatingIpQuota() != null) {
      openStack.setQuota(projectId, "floatingip", os.floatingIpQuota());
    }
    if (os.loadBalancerQuota() != null) {
      openStack.setQuota(projectId, "load_balancer", os.loadBalancerQuota());
    }
    return projectId;
  }

  /**
   * One round of every simulated controller over every cluster: KKP, machine-controller, the in-tree
   * provider (until the trigger), OCCM (after the first rollout). As real controllers, each goes on when another
   * fails (its API server refuses, a fault is injected, …): a failure is logged at WARN once, with the controller and
   * the cluster, and the next round tries again.
   */
  public synchronized void reconcile() {
    List<String> live = new ArrayList<>(foreignBackends);
    for (SandboxCluster cluster : clusters.values()) {
      try {
        controller(cluster, "KKP", () -> kkp.reconcile(cluster));
        controller(cluster, "machine-controller", () -> machineController.reconcile(cluster));
        controller(cluster, "node list", () -> cluster.lastNodes = nodeAddresses(cluster));
        controller(cluster, "in-tree provider", () -> inTree.reconcile(cluster, cluster.lastNodes));
        controller(cluster, "OCCM", () -> occm.reconcile(cluster, cluster.lastNodes));
      } finally {
        live.addAll(cluster.lastNodes); // a failing round does not take the nodes out of the data plane
        cluster.userCluster.forgetRecordedRequests();
      }
    }
    openStack.setLiveBackends(live);
    seed.forgetRecordedRequests();
  }

  /** One controller's part of a round; its failure is logged once (until it succeeds again) and stops nothing else. */
  private void controller(SandboxCluster cluster, String name, Runnable round) {
    String key = cluster.id() + "|" + name;
    try {
      round.run();
      if (warned.remove(key) != null) {
        log.info("Sandbox controllers: {} of cluster {} reconciled again", name, cluster.id());
      }
    } catch (RuntimeException failure) {
      String message = String.valueOf(failure.getMessage());
      if (!closing && !message.equals(warned.put(key, message))) {
        log.warn("Sandbox controllers: {} of cluster {}: {}", name, cluster.id(), failure.toString());
      }
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException failure) {
      if (!closing) {
        log.warn("Sandbox controllers: {}", failure.toString());
      }
    }
  }

  static List<String> nodeAddresses(SandboxCluster cluster) {
    return cluster.userCluster.client().nodes().list().getItems().stream()
        .flatMap(node -> node.getStatus().getAddresses().stream()).filter(a -> "InternalIP".equals(a.getType()))
        .map(a -> a.getAddress()).toList();
  }

  public OpenStackEmulator openStack() {
    return openStack;
  }

  /** Failures the seed's API server answers with (e.g. 403 on the cluster list), until cleared. */
  public FaultInjector seedFaults() {
    return seed.faults();
  }

  /**
   * A flaky cloud: from now on every OpenStack API of the emulator (for the application and the simulated OCCM alike)
   * fails requests at {@code openStack}'s rate, and the seed and every user cluster at {@code kubernetes}'s (each API
   * server drawing from its own seed); null stops a rate. The simulated controllers' own Kubernetes requests get error
   * answers instead of slow or lost ones (see MockApiServer): faults delay the world, as they delay real controllers.
   */
  public void setFaultRates(FaultInjector.FaultRate openStackRate, FaultInjector.FaultRate kubernetesRate) {
    openStack.faults().setRate(openStackRate);
    List<MockApiServer> servers = new ArrayList<>(List.of(seed));
    clusters.values().forEach(cluster -> servers.add(cluster.userCluster));
    for (int i = 0; i < servers.size(); i++) {
      servers.get(i).faults().setRate(kubernetesRate == null ? null : new FaultInjector.FaultRate(kubernetesRate.rate(),
          kubernetesRate.seed() + i, kubernetesRate.kinds(), kubernetesRate.slow()));
    }
  }

  /** Requests and the fault rates' faults so far, per kind: OpenStack, and Kubernetes summed over the API servers. */
  public record FaultCount(int requests, java.util.Map<FaultInjector.Kind, Integer> faults) {
    public int failed() {
      return faults.entrySet().stream().filter(e -> e.getKey() != FaultInjector.Kind.SLOW).mapToInt(e -> e.getValue()).sum();
    }
  }

  public FaultCount openStackFaultCount() {
    return count(List.of(openStack.faults()));
  }

  public FaultCount kubernetesFaultCount() {
    List<FaultInjector> injectors = new ArrayList<>(List.of(seed.faults()));
    clusters.values().forEach(cluster -> injectors.add(cluster.userCluster.faults()));
    return count(injectors);
  }

  private static FaultCount count(List<FaultInjector> injectors) {
    var faults = new java.util.EnumMap<FaultInjector.Kind, Integer>(FaultInjector.Kind.class);
    for (FaultInjector.Kind kind : FaultInjector.Kind.values()) {
      faults.put(kind, injectors.stream().mapToInt(injector -> injector.fired(kind)).sum());
    }
    return new FaultCount(injectors.stream().mapToInt(FaultInjector::requests).sum(), faults);
  }

  public Path seedKubeconfig() {
    return seedKubeconfig;
  }

  public String datacenter() {
    return PlatformSeeder.DATACENTER;
  }

  public DemoPlatform platform() {
    return platform;
  }

  public io.fabric8.kubernetes.client.KubernetesClient userClusterClient(String clusterId) {
    return clusters.get(clusterId).userCluster.client();
  }

  public io.fabric8.kubernetes.client.KubernetesClient seedClient() {
    return seed.client();
  }

  public String projectId(String clusterId) {
    return clusters.get(clusterId).projectId;
  }

  // --- the runtime API: what tests and demos change while a migration runs (also over HTTP: SandboxControlApi)

  public List<ClusterView> clusters() {
    return clusters.values().stream().map(SandboxCloud::view).toList();
  }

  public ClusterView cluster(String clusterId) {
    return view(sandboxCluster(clusterId));
  }

  /**
   * Creates a LoadBalancer Service in a user cluster. Before the trigger the in-tree provider serves it
   * at once, as it would have: its old Neutron LB and, for a public Service, a floating IP (spec.oldIp or
   * a new address) and the status — unless it is pending or has a non-TCP port (never served). After the
   * trigger only the Service is created: OCCM serves it once it runs.
   *
   * @throws Refused 404 unknown cluster, 409 the Service or the floating IP exists, 400 an impossible spec
   */
  public synchronized ServiceView createService(String clusterId, DemoPlatform.Service spec) {
    SandboxCluster cluster = sandboxCluster(clusterId);
    if (spec.namespace() == null || spec.name() == null || spec.ports().isEmpty()) {
      throw new Refused(400, "A Service needs namespace, name and ports");
    }
    if (spec.ports().stream().anyMatch(p -> !List.of("TCP", "UDP", "SCTP").contains(p.protocol()))) {
      throw new Refused(400, "A port's protocol is TCP, UDP or SCTP");
    }
    var user = cluster.userCluster.client();
    if (user.services().inNamespace(spec.namespace()).withName(spec.name()).get() != null) {
      throw new Refused(409, "Service " + spec.key() + " exists in cluster " + clusterId);
    }
    boolean inTreeServes = cluster.phase == SandboxCluster.Phase.IN_TREE && cluster.projectId != null && !spec.pending()
        && spec.tcpOnly();
    if (spec.oldIp() != null && (!inTreeServes || spec.internal())) {
      throw new Refused(400, "oldIp is the floating IP the in-tree provider gives a public TCP Service before the"
          + " trigger; Service " + spec.key() + " gets none");
    }
    if (spec.oldIp() != null && openStack.controllers().portOfFloatingIp(spec.oldIp()) != null) {
      throw new Refused(409, "The floating IP " + spec.oldIp() + " exists already");
    }
    Service created = user.services().inNamespace(spec.namespace()).resource(PlatformSeeder.service(spec)).create();
    if (!inTreeServes) {
      if (spec.pending() || !spec.tcpOnly()) {
        cluster.neverServedInTree.add(spec.key());
      }
      return serviceView(cluster, spec.namespace(), spec.name());
    }
    inTree.serve(cluster, created, spec.oldIp(), nodeAddresses(cluster));
    if (spec.hostname() != null) {
      dns.put(spec.hostname(), List.of(serviceView(cluster, spec.namespace(), spec.name()).ingressIp()));
    }
    return serviceView(cluster, spec.namespace(), spec.name());
  }

  /**
   * Changes a Service with a JSON merge patch (RFC 7386; arrays are replaced), as a customer's kubectl
   * would. The controllers react in their next round.
   *
   * @throws Refused 404 unknown cluster or Service, 400 a patch that is no JSON object
   */
  public synchronized ServiceView patchService(String clusterId, String namespace, String name, String mergePatch) {
    SandboxCluster cluster = sandboxCluster(clusterId);
    var resource = cluster.userCluster.client().services().inNamespace(namespace).withName(name);
    Service current = resource.get();
    if (current == null) {
      throw new Refused(404, "No Service " + namespace + "/" + name + " in cluster " + clusterId);
    }
    Object patch;
    try {
      patch = Serialization.jsonMapper().readValue(mergePatch, Object.class);
    } catch (IOException | RuntimeException notJson) {
      throw new Refused(400, "The patch is no JSON: " + notJson.getMessage());
    }
    if (!(patch instanceof Map)) {
      throw new Refused(400, "A merge patch is a JSON object");
    }
    Object merged = mergePatch(Serialization.jsonMapper().convertValue(current, Map.class), patch);
    Service updated;
    try {
      updated = Serialization.jsonMapper().convertValue(merged, Service.class);
    } catch (IllegalArgumentException notAService) {
      throw new Refused(400, "The patched Service is no Service: " + notAService.getMessage());
    }
    if (!name.equals(updated.getMetadata().getName()) || !namespace.equals(updated.getMetadata().getNamespace())) {
      throw new Refused(400, "A patch cannot rename a Service");
    }
    updated.getMetadata().setResourceVersion(null);
    cluster.userCluster.client().services().inNamespace(namespace).resource(updated).update();
    return serviceView(cluster, namespace, name);
  }

  /**
   * Deletes a Service, as a customer would. Before the trigger the in-tree provider deletes its old LB and
   * floating IP in its next round; after it the old LB stays (its controller is stopped) and OCCM deletes
   * what it made.
   *
   * @throws Refused 404 unknown cluster or Service
   */
  public synchronized void deleteService(String clusterId, String namespace, String name) {
    SandboxCluster cluster = sandboxCluster(clusterId);
    var resource = cluster.userCluster.client().services().inNamespace(namespace).withName(name);
    if (resource.get() == null) {
      throw new Refused(404, "No Service " + namespace + "/" + name + " in cluster " + clusterId);
    }
    resource.delete();
    cluster.neverServedInTree.remove(namespace + "/" + name);
  }

  /**
   * Places an OCCM-style Octavia load balancer and floating IP in a project, as a cluster outside the
   * sandbox (or one on old KKP whose OCCM runs with the cluster name "kubernetes") would have made it.
   *
   * @throws Refused 404 unknown project, 400 without namespace and service, 409 the floating IP exists
   */
  public synchronized ForeignLoadBalancer createForeignLoadBalancer(String project, ForeignLoadBalancerRequest request) {
    String projectId = projectIdByName(project);
    if (request.namespace() == null || request.service() == null) {
      throw new Refused(400, "A foreign load balancer needs the namespace and service it is named after");
    }
    String clusterName = request.clusterName() == null ? "kubernetes" : request.clusterName();
    String key = request.namespace() + "/" + request.service();
    List<String> members = request.members() == null ? List.of("10.99.0.10", "10.99.0.11") : request.members();
    boolean withFloatingIp = request.withFloatingIp() == null || request.withFloatingIp();
    if (withFloatingIp && request.floatingIp() != null && openStack.controllers().portOfFloatingIp(request.floatingIp()) != null) {
      throw new Refused(409, "The floating IP " + request.floatingIp() + " exists already");
    }
    var placed = openStack.controllers().placeOctaviaLoadBalancer(projectId,
        "kube_service_" + clusterName + "_" + request.namespace() + "_" + request.service(),
        "Kubernetes external service " + key + " from cluster " + clusterName,
        request.ports() == null ? List.of(80) : request.ports(), request.nodePort() == null ? 30000 : request.nodePort(),
        members, withFloatingIp ? (request.floatingIp() == null ? "" : request.floatingIp()) : null,
        "Floating IP for Kubernetes external service " + key + " from cluster " + clusterName);
    foreignBackends.addAll(members);
    List<String> live = new ArrayList<>(foreignBackends);
    clusters.values().forEach(cluster -> live.addAll(cluster.lastNodes));
    openStack.setLiveBackends(live);
    var lb = placed.loadBalancer();
    return new ForeignLoadBalancer(lb.id(), lb.name(), lb.vipPortId(), lb.vipAddress(), placed.floatingIpId(),
        placed.floatingIpAddress());
  }

  /**
   * Sets a project's quota: floating IPs (Neutron) and load balancers (Octavia); null leaves one as it
   * is, -1 is unlimited.
   *
   * @throws Refused 404 unknown project
   */
  public void setQuota(String project, Integer floatingIps, Integer loadBalancers) {
    String projectId = projectIdByName(project);
    if (floatingIps != null) {
      openStack.setQuota(projectId, "floatingip", floatingIps);
    }
    if (loadBalancers != null) {
      openStack.setQuota(projectId, "load_balancer", loadBalancers);
    }
  }

  /** The id of a project by its name in the platform file. */
  public String projectIdByName(String project) {
    String projectId = projects.get(project);
    if (projectId == null) {
      throw new Refused(404, "No sandbox project " + project + " (known: " + projects.keySet() + ")");
    }
    return projectId;
  }

  /** The simulation's own state of a cluster, for the sandbox's tests. */
  SandboxCluster sandboxClusterForTests(String clusterId) {
    return sandboxCluster(clusterId);
  }

  private SandboxCluster sandboxCluster(String clusterId) {
    SandboxCluster cluster = clusters.get(clusterId);
    if (cluster == null) {
      throw new Refused(404, "No sandbox cluster " + clusterId + " (known: " + clusters.keySet() + ")");
    }
    return cluster;
  }

  private static ClusterView view(SandboxCluster cluster) {
    return new ClusterView(cluster.id(), cluster.phase.name(), cluster.demo.kkpVersion(), cluster.projectName(),
        cluster.projectId);
  }

  private ServiceView serviceView(SandboxCluster cluster, String namespace, String name) {
    Service service = cluster.userCluster.client().services().inNamespace(namespace).withName(name).get();
    var old = openStack.controllers().legacyLoadBalancer(InTreeProviderSimulation.legacyName(service));
    var ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null
        || service.getStatus().getLoadBalancer().getIngress().isEmpty() ? null
        : service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    return new ServiceView(cluster.id(), namespace, name, service.getMetadata().getUid(),
        old.map(lb -> lb.id()).orElse(null), old.map(lb -> lb.name()).orElse(null), ingress);
  }

  /** RFC 7386: objects merge, null removes, anything else (arrays included) replaces. */
  @SuppressWarnings("unchecked")
  private static Object mergePatch(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> patchMap)) {
      return patch;
    }
    Map<String, Object> result = target instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map)
        : new LinkedHashMap<>();
    ((Map<String, Object>) patchMap).forEach((key, value) -> {
      if (value == null) {
        result.remove(key);
      } else {
        result.put(key, mergePatch(result.get(key), value));
      }
    });
    return result;
  }

  /** The sandbox's DNS: what a hostname resolves to. */
  public List<String> resolve(String hostname) {
    return dns.getOrDefault(hostname, List.of());
  }

  /** The customer changes a DNS record. */
  public void setDnsRecord(String hostname, String address) {
    dns.put(hostname, List.of(address));
  }

  @Override
  public void close() {
    closing = true;
    controllers.shutdownNow();
    try {
      controllers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    clusters.values().forEach(cluster -> cluster.userCluster.close());
    seed.close();
    openStack.close();
  }
}
