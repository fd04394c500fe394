package org.occmmigrator.sandbox;

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

  private static final Logger log = LoggerFactory.getLogger(SandboxCloud.class);

  private final DemoPlatform platform;
  private final OpenStackEmulator openStack;
  private final MockApiServer seed;
  private final Map<String, SandboxCluster> clusters = new LinkedHashMap<>();
  private final Map<String, List<String>> dns = new ConcurrentHashMap<>();
  private final KkpSimulation kkp;
  private final MachineControllerSimulation machineController = new MachineControllerSimulation();
  private final OccmSimulation occm;
  private final ScheduledExecutorService controllers;
  private final Path seedKubeconfig;

  public SandboxCloud(DemoPlatform platform, Timing timing, Path workDir, Clock clock) {
    this.platform = platform;
    this.openStack = new OpenStackEmulator(clock, timing.provisioning()).start(0);
    this.seed = new MockApiServer("sandbox-seed");
    seed.serveCustomResource("kubermatic.k8c.io", "v1", "Cluster", "clusters", false);
    seed.serveCustomResource("kubermatic.k8s.io", "v1", "Cluster", "clusters", false);
    PlatformSeeder seeder = new PlatformSeeder(seed.client(), openStack);
    int index = 0;
    for (DemoPlatform.Cluster demo : platform.clusters()) {
      String projectId = demo.openstack() == null ? null : openStack.createProject(demo.openstack().project(), "Default",
          demo.openstack().username(), demo.openstack().password());
      SandboxCluster cluster = new SandboxCluster(demo, new MockApiServer(demo.id()), projectId, index++);
      seeder.seed(cluster);
      clusters.put(demo.id(), cluster);
      demo.services().stream().filter(s -> s.hostname() != null).forEach(s -> dns.put(s.hostname(), List.of(s.oldIp())));
    }
    this.kkp = new KkpSimulation(seed.client(), seeder, clock, timing.rollout());
    this.occm = new OccmSimulation(seed.client(), openStack.controllers());
    this.seedKubeconfig = workDir.resolve("seed.kubeconfig");
    try {
      Files.createDirectories(workDir);
      Files.writeString(seedKubeconfig, seed.kubeconfig());
    } catch (IOException cannotWrite) {
      throw new IllegalStateException("Cannot write the sandbox seed kubeconfig to " + seedKubeconfig, cannotWrite);
    }
    reconcile();
    this.controllers = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-controllers");
      thread.setDaemon(true);
      return thread;
    });
    controllers.scheduleWithFixedDelay(this::reconcileQuietly, timing.tick().toMillis(), timing.tick().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One round of every simulated controller over every cluster. */
  public synchronized void reconcile() {
    List<String> live = new ArrayList<>();
    for (SandboxCluster cluster : clusters.values()) {
      kkp.reconcile(cluster);
      machineController.reconcile(cluster);
      List<String> nodes = nodeAddresses(cluster);
      live.addAll(nodes);
      if (cluster.phase == SandboxCluster.Phase.IN_TREE && cluster.projectId != null) {
        // the in-tree service controller keeps old members in sync; after the trigger it is stopped
        for (var service : cluster.userCluster.client().services().inAnyNamespace().list().getItems()) {
          if ("LoadBalancer".equals(service.getSpec().getType())) {
            String legacy = ("a" + service.getMetadata().getUid().replace("-", "")).substring(0, 32);
            openStack.controllers().syncLegacyMembers(cluster.projectId, legacy,
                service.getSpec().getPorts().get(0).getNodePort(), nodes);
          }
        }
      }
      occm.reconcile(cluster, nodes);
      cluster.userCluster.forgetRecordedRequests();
    }
    openStack.setLiveBackends(live);
    seed.forgetRecordedRequests();
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException failure) {
      log.warn("Sandbox controllers: {}", failure.toString());
    }
  }

  private static List<String> nodeAddresses(SandboxCluster cluster) {
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
