package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occmmigrator.platform.KkpApi;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.platform.UserCluster;
import org.occmmigrator.platform.UserClusters;
import org.occmmigrator.testsupport.RequiredTool;

/** The sandbox world reacts like the real one; the production adapters and kubectl work against it. */
class SandboxCloudTest {

  @TempDir static Path workDir;
  static SandboxCloud sandbox;
  static SeedCluster seed;

  @BeforeAll
  static void start() {
    sandbox = new SandboxCloud(DemoPlatform.load("sandbox/demo-clusters.yaml"),
        new SandboxCloud.Timing(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(300)), workDir,
        Clock.systemUTC());
    seed = SeedCluster.connect(sandbox.seedKubeconfig().toString(), null);
  }

  @AfterAll
  static void stop() {
    seed.close();
    sandbox.close();
  }

  @Test
  void seedServesBothKkpApiGroupsWithTheirHealthEncodings() {
    assertThat(seed.apis()).containsExactly(KkpApi.K8C, KkpApi.K8S);
    assertThat(seed.clusters()).extracting(KkpCluster::id)
        .contains("berlin-shop", "hamburg-media", "munich-done", "cologne-new", "frankfurt-aws");
    KkpCluster hamburg = seed.cluster("hamburg-media");
    assertThat(hamburg.api()).isEqualTo(KkpApi.K8S);
    assertThat(hamburg.allHealthy()).as("integer health 1 = up").isTrue();
    assertThat(seed.cluster("munich-done").migrationStatus().state()).isEqualTo(KkpCluster.MigrationState.DONE);
    assertThat(seed.cluster("frankfurt-aws").migrationStatus().state()).isEqualTo(KkpCluster.MigrationState.UNSUPPORTED);
    assertThat(seed.openStackCredentials(hamburg).isApplicationCredential()).isTrue();
  }

  @Test
  void userClustersAreReachedThroughTheirAdminKubeconfig() {
    var clients = new UserClusters(() -> seed, Duration.ofMinutes(1), Clock.systemUTC());
    UserCluster hamburg = clients.of(seed.cluster("hamburg-media"));
    assertThat(hamburg.loadBalancerServices()).extracting(s -> s.key() + (s.internal() ? " internal" : ""))
        .containsExactlyInAnyOrder("media/streaming", "media/transcoder internal");
    assertThat(hamburg.loadBalancerService("media", "streaming").loadBalancerIp()).isEqualTo("198.51.100.30");
    assertThat(clients.openClients()).isEqualTo(1);
    clients.close();
  }

  @Test
  void kubectlListsAndPatchesClustersAndTheSimulatedKkpReacts() throws Exception {
    RequiredTool.require(RequiredTool.onPath("kubectl"),
        "kubectl is not installed: apt-get install kubernetes-client (.ci/run installs it where kubectl is missing)");
    assertThat(kubectl("get", "clusters.kubermatic.k8c.io", "-o", "name")).contains("cluster.kubermatic.k8c.io/cologne-new");
    kubectl("patch", "clusters.kubermatic.k8c.io", "cologne-new", "--type", "merge", "-p",
        "{\"spec\":{\"features\":{\"externalCloudProvider\":true}}}");
    await(() -> seed.cluster("cologne-new").webhookApplied());
    KkpCluster cologne = seed.cluster("cologne-new");
    assertThat(cologne.annotations()).containsKeys(KkpCluster.CCM_MIGRATION_ANNOTATION, KkpCluster.CSI_MIGRATION_ANNOTATION);
    await(() -> seed.occmDeployed(seed.cluster("cologne-new")));
  }

  @Test
  void triggerBringsOccmWhichReplacesEveryLoadBalancerAndRotationCompletesTheMigration() {
    seed.enableExternalCloudProvider("berlin-shop");
    await(() -> seed.occmDeployed(seed.cluster("berlin-shop")));
    var clients = new UserClusters(() -> seed, Duration.ofMinutes(1), Clock.systemUTC());
    UserCluster berlin = clients.of(seed.cluster("berlin-shop"));
    assertThat(berlin.persistentVolumes()).allSatisfy(pv -> assertThat(pv.migratedTo()).isEqualTo("cinder.csi.openstack.org"));
    await(() -> berlin.loadBalancerServices().stream().allMatch(s -> s.occmLoadBalancerId() != null
        && !s.ingressIps().isEmpty() && !s.ingressIps().get(0).equals("198.51.100.20")
        && !s.ingressIps().get(0).equals("198.51.100.21") && !s.ingressIps().get(0).equals("198.51.100.22")));
    assertThat(sandbox.openStack().dataPlane("198.51.100.20", 80).served()).as("old LB still forwards before rotation").isTrue();
    assertThat(seed.cluster("berlin-shop").migrationStatus().state()).isEqualTo(KkpCluster.MigrationState.IN_PROGRESS);

    for (var md : berlin.machineDeployments()) {
      berlin.restartMachineDeployment(md.name(), "test-migration", System.nanoTime());
    }
    await(() -> berlin.machinesNotMigrated().isEmpty()
        && berlin.machineDeployments().stream().allMatch(md -> md.rolloutComplete()));
    await(() -> seed.cluster("berlin-shop").migrationStatus().state() == KkpCluster.MigrationState.DONE);
    assertThat(sandbox.openStack().dataPlane("198.51.100.20", 80).served())
        .as("after rotation the old LB's members are gone").isFalse();
    clients.close();
  }

  private static String kubectl(String... arguments) throws Exception {
    var command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", sandbox.seedKubeconfig().toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within 20 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
