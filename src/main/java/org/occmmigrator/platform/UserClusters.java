package org.occmmigrator.platform;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One client per user cluster, built from its admin kubeconfig on the seed (kept in memory only) and
 * reused across jobs; clients unused for longer than the idle timeout are closed.
 */
public class UserClusters implements AutoCloseable {

  private record Entry(UserCluster cluster, Instant lastUsed) {}

  private final Supplier<SeedCluster> seed;
  private final Duration idleTimeout;
  private final Clock clock;
  private final Duration requestTimeout;
  private final Map<String, Entry> clients = new ConcurrentHashMap<>();

  /** The seed is asked for lazily: no connection is made before the first user cluster is needed. */
  public UserClusters(Supplier<SeedCluster> seed, Duration idleTimeout, Clock clock) {
    this(seed, idleTimeout, clock, KubernetesFaults.DEFAULT_REQUEST_TIMEOUT);
  }

  /** {@code requestTimeout}: how long a request may take before it counts as lost and is repeated. */
  public UserClusters(Supplier<SeedCluster> seed, Duration idleTimeout, Clock clock, Duration requestTimeout) {
    this.seed = seed;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
  }

  public UserCluster of(KkpCluster cluster) {
    Entry entry = clients.compute(cluster.id(), (id, existing) -> new Entry(
        existing != null ? existing.cluster() : connect(cluster), clock.instant()));
    return entry.cluster();
  }

  /** Closes the clients not used within the idle timeout; returns how many. */
  public int closeIdle() {
    Instant oldest = clock.instant().minus(idleTimeout);
    int[] closed = {0};
    clients.entrySet().removeIf(e -> {
      if (e.getValue().lastUsed().isBefore(oldest)) {
        e.getValue().cluster().client().close();
        closed[0]++;
        return true;
      }
      return false;
    });
    return closed[0];
  }

  public int openClients() {
    return clients.size();
  }

  private UserCluster connect(KkpCluster cluster) {
    Config config = Config.fromKubeconfig(seed.get().userClusterKubeconfig(cluster));
    return new UserCluster(cluster.id(), new KubernetesClientBuilder().withConfig(KubernetesFaults.configured(config, requestTimeout)).build());
  }

  @Override
  public void close() {
    clients.values().forEach(e -> e.cluster().client().close());
    clients.clear();
  }
}
