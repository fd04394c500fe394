package org.occmmigrator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user-cluster side of the platform adapter against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class UserClusterTest {

  private static final ResourceDefinitionContext MACHINE_DEPLOYMENTS = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("MachineDeployment").withPlural("machinedeployments")
      .withNamespaced(true).build();
  private static final ResourceDefinitionContext MACHINES = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("Machine").withPlural("machines")
      .withNamespaced(true).build();

  KubernetesClient client;
  UserCluster cluster;

  @BeforeEach
  void userCluster() {
    for (String kind : new String[] {"MachineDeployment", "Machine"}) {
      client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
          .withNewMetadata().withName(kind.toLowerCase() + "s.cluster.k8s.io").endMetadata()
          .withNewSpec().withGroup("cluster.k8s.io").withScope("Namespaced")
          .withNewNames().withKind(kind).withPlural(kind.toLowerCase() + "s").endNames()
          .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
    }
    cluster = new UserCluster("berlin", client);
  }

  @Test
  void listsLoadBalancerServicesAndTellsInternalFromPublic() {
    service("shop", "frontend", "6f1c2d3e-0000-4000-8000-00000000abcd", Map.of(), "198.51.100.10");
    service("shop", "internal-api", "7f1c2d3e-0000-4000-8000-00000000abcd",
        Map.of(LoadBalancerService.INTERNAL_ANNOTATION, "true"), "10.0.0.50");
    client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
        .withNewSpec().withType("ClusterIP").endSpec().build()).create();

    var services = cluster.loadBalancerServices();
    assertThat(services).extracting(LoadBalancerService::key).containsExactlyInAnyOrder("shop/frontend", "shop/internal-api");
    LoadBalancerService frontend = cluster.loadBalancerService("shop", "frontend");
    assertThat(frontend.internal()).isFalse();
    assertThat(frontend.ingressIps()).containsExactly("198.51.100.10");
    assertThat(frontend.uid()).isNotBlank();
    assertThat(frontend.occmLoadBalancerName("berlin")).isEqualTo("kube_service_berlin_shop_frontend");
    assertThat(cluster.loadBalancerService("shop", "internal-api").internal()).isTrue();
  }

  @Test
  void namesLoadBalancersAsTheInTreeProviderAndOccmDo() {
    var service = new LoadBalancerService("shop", "frontend", "6f1c2d3e-1111-4000-8000-00000000abcd", false,
        java.util.List.of(), null, null, false, java.util.List.of(80), java.util.List.of("TCP"), "Cluster",
        java.util.List.of(), Map.of());
    // "a" + the UID without dashes, cut to 32 characters
    assertThat(service.legacyLoadBalancerName()).isEqualTo("a6f1c2d3e11114000800000000000abc");
    assertThat(service.occmLoadBalancerName("kubernetes")).isEqualTo("kube_service_kubernetes_shop_frontend");
  }

  @Test
  void pinsTheOldFloatingIpAndMarksItKept() {
    service("shop", "frontend", "6f1c2d3e-0000-4000-8000-00000000abcd", Map.of(), "198.51.100.10");
    cluster.pinLoadBalancerIp("shop", "frontend", "198.51.100.10");
    cluster.pinLoadBalancerIp("shop", "frontend", "198.51.100.10");
    LoadBalancerService pinned = cluster.loadBalancerService("shop", "frontend");
    assertThat(pinned.loadBalancerIp()).isEqualTo("198.51.100.10");
    assertThat(pinned.keepFloatingIp()).isTrue();
    assertThat(pinned.ingressIps()).as("status untouched").containsExactly("198.51.100.10");
  }

  @Test
  void requestingAReconcileChangesAnAnnotation() {
    service("shop", "frontend", "6f1c2d3e-0000-4000-8000-00000000abcd", Map.of(), "198.51.100.10");
    cluster.requestReconcile("shop", "frontend", "2026-11-25T08:00:00Z");
    assertThat(cluster.loadBalancerService("shop", "frontend").annotations())
        .containsEntry(UserCluster.TOUCHED_ANNOTATION, "2026-11-25T08:00:00Z");
  }

  @Test
  void reannotatesOnlyInTreeVolumesThatCsiMigrationHandles() {
    volume("pv-migrated", Map.of(UserCluster.PROVISIONED_BY, "kubernetes.io/cinder", UserCluster.MIGRATED_TO, "cinder.csi.openstack.org"));
    volume("pv-not-yet", Map.of(UserCluster.PROVISIONED_BY, "kubernetes.io/cinder"));

    assertThat(cluster.reannotateInTreeVolume("pv-migrated")).isTrue();
    assertThat(cluster.reannotateInTreeVolume("pv-migrated")).as("second call changes nothing").isFalse();
    assertThatThrownBy(() -> cluster.reannotateInTreeVolume("pv-not-yet"))
        .isInstanceOf(PlatformException.class).hasMessageContaining("not handled by CSI migration yet");
    assertThat(cluster.persistentVolumes()).filteredOn(PersistentVolumeStatus::handledByCsi)
        .extracting(PersistentVolumeStatus::name).containsExactly("pv-migrated");
  }

  @Test
  void restartsAMachineDeploymentOncePerMigration() {
    client.genericKubernetesResources(MACHINE_DEPLOYMENTS).inNamespace("kube-system").resource(Serialization.unmarshal("""
        {"apiVersion":"cluster.k8s.io/v1alpha1","kind":"MachineDeployment","metadata":{"name":"workers","generation":1},
         "spec":{"replicas":2,"template":{"metadata":{}}},
         "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"availableReplicas":2}}""",
        GenericKubernetesResource.class)).create();

    assertThat(cluster.machineDeployments()).singleElement().satisfies(md -> assertThat(md.rolloutComplete()).isTrue());
    assertThat(cluster.restartMachineDeployment("workers", "migration-1", 42L)).isTrue();
    assertThat(cluster.restartMachineDeployment("workers", "migration-1", 43L)).isFalse();
    GenericKubernetesResource md = client.genericKubernetesResources(MACHINE_DEPLOYMENTS).inNamespace("kube-system")
        .withName("workers").get();
    assertThat(Serialization.asJson(md)).contains("\"forceRestart\":\"42\"");
    assertThat(cluster.machineDeployments().get(0).rotatedBy()).isEqualTo("migration-1");
  }

  @Test
  void findsMachinesStillOnTheInTreeProviderAndNodeAddresses() {
    for (String name : new String[] {"old", "new"}) {
      client.genericKubernetesResources(MACHINES).inNamespace("kube-system").resource(Serialization.unmarshal(
          "{\"apiVersion\":\"cluster.k8s.io/v1alpha1\",\"kind\":\"Machine\",\"metadata\":{\"name\":\"" + name + "\""
              + (name.equals("new") ? ",\"annotations\":{\"" + UserCluster.KUBELET_FLAG_ANNOTATION + "\":\"true\"}" : "")
              + "}}", GenericKubernetesResource.class)).create();
    }
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.11").endAddress().endStatus().build()).create();
    assertThat(cluster.machinesNotMigrated()).containsExactly("old");
    assertThat(cluster.nodeAddresses()).containsExactly("10.0.0.11");
  }

  private void service(String namespace, String name, String uid, Map<String, String> annotations, String ip) {
    client.services().inNamespace(namespace).resource(new ServiceBuilder()
        .withNewMetadata().withName(name).withUid(uid).withAnnotations(annotations).endMetadata()
        .withNewSpec().withType("LoadBalancer").endSpec()
        .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus()
        .build()).create();
  }

  private void volume(String name, Map<String, String> annotations) {
    client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name)
        .withAnnotations(annotations).endMetadata().withNewSpec().withNewCinder().withVolumeID("vol-" + name).endCinder()
        .endSpec().build()).create();
  }
}
