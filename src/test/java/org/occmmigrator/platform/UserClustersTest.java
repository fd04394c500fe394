package org.occmmigrator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.occmmigrator.testsupport.KkpFixtures;

/** One client per user cluster, reused, and closed when nobody used it for a while. */
@EnableKubernetesMockClient(crud = true)
class UserClustersTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void reusesOneClientPerClusterAndClosesIdleOnes() {
    KkpFixtures.serveClusters(client, KkpFixtures.CURRENT_GROUP);
    KkpFixtures.createCluster(client, KkpFixtures.CURRENT_GROUP, "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters: [{name: u, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: u, context: {cluster: u, user: u}}]
        current-context: u
        """.formatted(client.getConfiguration().getMasterUrl());
    client.secrets().inNamespace("cluster-berlin").resource(new SecretBuilder().withNewMetadata().withName("admin-kubeconfig")
        .endMetadata().withStringData(Map.of("kubeconfig", kubeconfig)).build()).create();
    SeedCluster seed = new SeedCluster(client);
    MutableClock clock = new MutableClock();
    UserClusters clusters = new UserClusters(() -> seed, Duration.ofMinutes(10), clock);

    UserCluster first = clusters.of(seed.cluster("berlin"));
    assertThat(clusters.of(seed.cluster("berlin"))).isSameAs(first);
    assertThat(first.loadBalancerServices()).isEmpty();

    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(clusters.closeIdle()).isZero();
    clock.now = clock.now.plus(Duration.ofMinutes(11));
    assertThat(clusters.closeIdle()).isEqualTo(1);
    assertThat(clusters.openClients()).isZero();
    assertThat(clusters.of(seed.cluster("berlin"))).as("a new client after closing").isNotSameAs(first);
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-25T08:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
