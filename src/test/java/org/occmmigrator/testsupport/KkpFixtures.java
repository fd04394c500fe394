package org.occmmigrator.testsupport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/** KKP objects on a fabric8 mock API server (CRUD mode), as a seed would hold them. */
public final class KkpFixtures {

  public static final String CURRENT_GROUP = "kubermatic.k8c.io";
  public static final String OLD_GROUP = "kubermatic.k8s.io";

  private KkpFixtures() {}

  /** Registers the Cluster CRD so that the group is discoverable. */
  public static void serveClusters(KubernetesClient client, String group) {
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("clusters." + group).endMetadata()
        .withNewSpec().withGroup(group).withScope("Cluster")
        .withNewNames().withKind("Cluster").withPlural("clusters").withSingular("cluster").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
  }

  /** An OpenStack cluster in datacenter dbl1; health is a JSON value ("\"HealthStatusUp\"" or 1). */
  public static void createCluster(KubernetesClient client, String group, String id, String version, String health,
      boolean migrating) {
    String annotations = migrating
        ? "{\"ccm-migration.k8c.io/migration-needed\":\"\",\"csi-migration.k8c.io/migration-needed\":\"\"}" : "{}";
    String json = """
        {"apiVersion":"%s/v1","kind":"Cluster","metadata":{"name":"%s","annotations":%s},
         "spec":{"version":"%s","cloud":{"dc":"dbl1","openstack":{"network":"net","floatingIPPool":"public",
           "useOctavia":%s}},"features":{"externalCloudProvider":%s}},
         "status":{"namespaceName":"cluster-%s","extendedHealth":{"apiserver":%s,"controller":%s},"conditions":{}}}
        """.formatted(group, id, annotations, version, migrating, migrating, id, health, health);
    client.genericKubernetesResources(clusters(group))
        .resource(Serialization.unmarshal(json, GenericKubernetesResource.class)).create();
  }

  public static ResourceDefinitionContext clusters(String group) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withKind("Cluster")
        .withPlural("clusters").withNamespaced(false).build();
  }
}
