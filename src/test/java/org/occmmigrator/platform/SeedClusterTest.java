package org.occmmigrator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.occmmigrator.platform.KkpCluster.MigrationState;
import org.occmmigrator.testsupport.KkpFixtures;

/** The seed side of the platform adapter against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class SeedClusterTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void readsAClusterOnTheCurrentApiGroupWithStringHealth() {
    serveGroup("kubermatic.k8c.io");
    createCluster("kubermatic.k8c.io", "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    SeedCluster seed = new SeedCluster(client);

    KkpCluster cluster = seed.cluster("berlin");
    assertThat(seed.apis()).containsExactly(KkpApi.K8C);
    assertThat(cluster.version()).isEqualTo("1.21.14");
    assertThat(cluster.provider()).isEqualTo("openstack");
    assertThat(cluster.datacenter()).isEqualTo("dbl1");
    assertThat(cluster.health()).containsEntry("apiserver", Health.UP);
    assertThat(cluster.allHealthy()).isTrue();
    assertThat(cluster.versionBelow("1.22")).isTrue();
    assertThat(cluster.migrationStatus().state()).isEqualTo(MigrationState.NOT_STARTED);
    assertThat(cluster.namespace()).isEqualTo("cluster-berlin");
  }

  @Test
  void readsAClusterOnTheOldApiGroupWithIntegerHealth() {
    serveGroup("kubermatic.k8s.io");
    createCluster("kubermatic.k8s.io", "hamburg", "1.20.15", "2", false);
    SeedCluster seed = new SeedCluster(client);

    assertThat(seed.apis()).containsExactly(KkpApi.K8S);
    KkpCluster cluster = seed.cluster("hamburg");
    assertThat(cluster.health()).containsEntry("apiserver", Health.PROVISIONING);
    assertThat(cluster.allHealthy()).isFalse();
    assertThat(seed.clusters()).extracting(KkpCluster::id).containsExactly("hamburg");
  }

  @Test
  void unknownClusterIsAClearNotFound() {
    serveGroup("kubermatic.k8c.io");
    assertThatThrownBy(() -> new SeedCluster(client).cluster("nope"))
        .isInstanceOf(ClusterNotFoundException.class).hasMessage("Cluster 'nope' does not exist on the seed");
  }

  @Test
  void aSeedWithoutKkpIsRefusedWithAReadableMessage() {
    assertThatThrownBy(() -> new SeedCluster(client).api())
        .isInstanceOf(PlatformException.class).hasMessageContaining("is this a KKP seed?");
  }

  @Test
  void enablesTheExternalCloudProviderWithAMergePatchOnlyOnce() {
    serveGroup("kubermatic.k8c.io");
    createCluster("kubermatic.k8c.io", "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    SeedCluster seed = new SeedCluster(client);

    KkpCluster enabled = seed.enableExternalCloudProvider("berlin");
    assertThat(enabled.externalCloudProvider()).isTrue();
    assertThat(enabled.version()).as("the merge patch keeps the rest of the spec").isEqualTo("1.21.14");
    int requests = server.getRequestCount();
    seed.enableExternalCloudProvider("berlin");
    assertThat(server.getRequestCount() - requests).as("a second call only reads the cluster").isEqualTo(1);
  }

  @Test
  void migrationStatusFollowsTheAnnotationsAndTheKubeletCondition() {
    serveGroup("kubermatic.k8c.io");
    createCluster("kubermatic.k8c.io", "berlin", "1.21.14", "\"HealthStatusUp\"", true);
    SeedCluster seed = new SeedCluster(client);
    assertThat(seed.cluster("berlin").migrationStatus().state()).isEqualTo(MigrationState.IN_PROGRESS);
    assertThat(seed.cluster("berlin").webhookApplied()).isTrue();

    client.genericKubernetesResources(KkpApi.K8C.clusters()).withName("berlin").edit(c -> {
      ((Map<String, Object>) c.getAdditionalProperties().get("status")).put("conditions",
          Map.of("CSIKubeletMigrationCompleted", Map.of("status", "True", "reason", "CSIKubeletMigrationSuccess")));
      return c;
    });
    assertThat(seed.cluster("berlin").migrationStatus().state()).isEqualTo(MigrationState.DONE);
  }

  @Test
  void readsCredentialsAndTheUserClusterKubeconfigWithoutShowingThem() {
    serveGroup("kubermatic.k8c.io");
    createCluster("kubermatic.k8c.io", "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    client.secrets().inNamespace("kubermatic").resource(new SecretBuilder().withNewMetadata()
        .withName("credential-openstack-berlin").endMetadata()
        .withStringData(Map.of("Username", "svc-berlin", "Password", "s3cret-Pass!", "ProjectID", "p-123", "Domain", "Default"))
        .build()).create();
    client.secrets().inNamespace("cluster-berlin").resource(new SecretBuilder().withNewMetadata()
        .withName("admin-kubeconfig").endMetadata().withStringData(Map.of("kubeconfig", "apiVersion: v1")).build()).create();
    SeedCluster seed = new SeedCluster(client);

    OpenStackCredentials credentials = seed.openStackCredentials(seed.cluster("berlin"));
    assertThat(credentials.username()).isEqualTo("svc-berlin");
    assertThat(credentials.password()).isEqualTo("s3cret-Pass!");
    assertThat(credentials.projectId()).isEqualTo("p-123");
    assertThat(credentials.toString()).doesNotContain("s3cret-Pass!");
    assertThat(seed.userClusterKubeconfig(seed.cluster("berlin"))).isEqualTo("apiVersion: v1");
  }

  @Test
  void controlPlaneIsRolledOutWhenEveryDeploymentIsUpdatedAndAvailable() {
    serveGroup("kubermatic.k8c.io");
    createCluster("kubermatic.k8c.io", "berlin", "1.21.14", "\"HealthStatusUp\"", false);
    SeedCluster seed = new SeedCluster(client);
    client.apps().deployments().inNamespace("cluster-berlin").resource(deployment("apiserver", 2, 2)).create();
    client.apps().deployments().inNamespace("cluster-berlin").resource(deployment(SeedCluster.OCCM_DEPLOYMENT, 1, 0)).create();

    KkpCluster cluster = seed.cluster("berlin");
    assertThat(seed.occmDeployed(cluster)).isTrue();
    assertThat(seed.controlPlaneDeploymentsRollingOut(cluster)).containsExactly(SeedCluster.OCCM_DEPLOYMENT);
  }

  private void serveGroup(String group) {
    KkpFixtures.serveClusters(client, group);
  }

  private void createCluster(String group, String id, String version, String health, boolean migrating) {
    KkpFixtures.createCluster(client, group, id, version, health, migrating);
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String name, int replicas, int available) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(replicas).endSpec()
        .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas)
        .withAvailableReplicas(available).endStatus().build();
  }
}
