package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KKP's reaction to spec.features.externalCloudProvider (DOMAIN.md §2): the webhook's marks, a first
 * control-plane rollout that brings OCCM and Cinder CSI, the kubelet migration condition that turns True
 * once every Machine carries the kubelet flag, and the second rollout. Each write of a phase is made until it went
 * through once, as KKP's controllers each reconcile their own object: a refused request (an injected fault) costs a
 * round of that write, not of the whole phase.
 */
final class KkpSimulation {

  private final KubernetesClient seed;
  private final PlatformSeeder seeder;
  private final Clock clock;
  private final Duration rolloutTime;

  KkpSimulation(KubernetesClient seed, PlatformSeeder seeder, Clock clock, Duration rolloutTime) {
    this.seed = seed;
    this.seeder = seeder;
    this.clock = clock;
    this.rolloutTime = rolloutTime;
  }

  void reconcile(SandboxCluster cluster) {
    GenericKubernetesResource resource = seed.genericKubernetesResources(cluster.clusters()).withName(cluster.id()).get();
    if (resource == null) {
      return;
    }
    boolean rolloutOver = !clock.instant().isBefore(cluster.phaseSince.plus(rolloutTime));
    switch (cluster.phase) {
      case IN_TREE -> {
        if (flagSet(resource)) {
          once(cluster, "webhook", () -> webhook(cluster));
          once(cluster, "health", () -> setHealth(cluster, false));
          once(cluster, "kubelet-condition", () -> setKubeletCondition(cluster, "False", "CSIKubeletMigrationInProgress"));
          enter(cluster, SandboxCluster.Phase.FIRST_ROLLOUT);
        }
      }
      case FIRST_ROLLOUT -> {
        if (rolloutOver) {
          switchUserClusterToCsi(cluster);
          once(cluster, "occm", () -> seeder.deployment(cluster, PlatformSeeder.OCCM));
          once(cluster, "health", () -> setHealth(cluster, true));
          enter(cluster, SandboxCluster.Phase.KUBELET_MIGRATION);
        }
      }
      case KUBELET_MIGRATION -> {
        boolean allMigrated = cluster.userCluster.client().genericKubernetesResources(SandboxCluster.MACHINES)
            .inNamespace("kube-system").list().getItems().stream().allMatch(m -> m.getMetadata().getAnnotations() != null
                && "true".equals(m.getMetadata().getAnnotations().get(PlatformSeeder.KUBELET_FLAG)));
        if (allMigrated) {
          once(cluster, "kubelet-condition", () -> setKubeletCondition(cluster, "True", "CSIKubeletMigrationSuccess"));
          once(cluster, "health", () -> setHealth(cluster, false));
          rollControlPlane(cluster, false);
          enter(cluster, SandboxCluster.Phase.SECOND_ROLLOUT);
        }
      }
      case SECOND_ROLLOUT -> {
        if (rolloutOver) {
          rollControlPlane(cluster, true);
          once(cluster, "health", () -> setHealth(cluster, true));
          enter(cluster, SandboxCluster.Phase.EXTERNAL);
        }
      }
      case EXTERNAL -> { }
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean flagSet(GenericKubernetesResource resource) {
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    Map<String, Object> features = spec == null ? null : (Map<String, Object>) spec.get("features");
    return features != null && Boolean.TRUE.equals(features.get("externalCloudProvider"));
  }

  private void webhook(SandboxCluster cluster) {
    Map<String, Object> features = new LinkedHashMap<>();
    if (cluster.demo.webhookSetsCcmClusterName()) {
      features.put("ccmClusterName", true); // KKP 2.22+: OCCM names load balancers after the cluster
    }
    patchCluster(cluster, Map.of(
        "metadata", Map.of("annotations", Map.of("ccm-migration.k8c.io/migration-needed", "",
            "csi-migration.k8c.io/migration-needed", "")),
        "spec", Map.of("cloud", Map.of("openstack", Map.of("useOctavia", true)), "features", features)));
  }

  private void setHealth(SandboxCluster cluster, boolean up) {
    Map<String, Object> health = new LinkedHashMap<>();
    for (String component : List.of("apiserver", "controller", "machineController", "cloudProviderInfrastructure")) {
      health.put(component, cluster.health(up));
    }
    patchCluster(cluster, Map.of("status", Map.of("extendedHealth", health)));
  }

  private void setKubeletCondition(SandboxCluster cluster, String status, String reason) {
    patchCluster(cluster, Map.of("status", Map.of("conditions", Map.of("CSIKubeletMigrationCompleted",
        Map.of("status", status, "reason", reason, "lastHeartbeatTime", clock.instant().toString())))));
  }

  /** A rollout: the Deployments get a new generation, observed (finished) only when it is over. */
  private void rollControlPlane(SandboxCluster cluster, boolean finished) {
    for (var deployment : seed.apps().deployments().inNamespace(cluster.namespace()).list().getItems()) {
      long generation = deployment.getMetadata().getGeneration() == null ? 1 : deployment.getMetadata().getGeneration();
      String name = deployment.getMetadata().getName();
      var resource = seed.apps().deployments().inNamespace(cluster.namespace()).withName(name);
      if (!finished) {
        once(cluster, "generation/" + name, () -> resource.patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"generation\":" + (generation + 1) + "}}"));
      }
      once(cluster, "status/" + name, () -> resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          finished
              ? "{\"status\":{\"observedGeneration\":" + generation + ",\"updatedReplicas\":1,\"availableReplicas\":1,\"replicas\":1}}"
              : "{\"status\":{\"updatedReplicas\":0}}"));
    }
  }

  /** What the first rollout does inside the user cluster: Cinder CSI in, in-tree volumes migrated. */
  private void switchUserClusterToCsi(SandboxCluster cluster) {
    KubernetesClient user = cluster.userCluster.client();
    once(cluster, "csi-driver", () -> user.storage().v1().csiDrivers().resource(new CSIDriverBuilder().withNewMetadata()
        .withName("cinder.csi.openstack.org").endMetadata().withNewSpec().withAttachRequired(true).endSpec().build())
        .createOr(existing -> existing.update()));
    once(cluster, "csi-controller", () -> user.apps().statefulSets().inNamespace("kube-system").resource(
        new StatefulSetBuilder().withNewMetadata().withName("csi-cinder-controllerplugin").endMetadata().withNewSpec()
            .withReplicas(1).endSpec().build()).createOr(existing -> existing.update()));
    once(cluster, "storage-classes", () -> {
      for (var storageClass : user.storage().v1().storageClasses().list().getItems()) {
        String name = storageClass.getMetadata().getName();
        once(cluster, "storage-class/" + name, () -> user.storage().v1().storageClasses().withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"false\"}}}"));
      }
    });
    once(cluster, "default-storage-class", () -> user.storage().v1().storageClasses().resource(new StorageClassBuilder()
        .withNewMetadata().withName("cinder-csi").addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata().withProvisioner("cinder.csi.openstack.org").build()).createOr(existing -> existing.update()));
    once(cluster, "volumes", () -> {
      for (var pv : user.persistentVolumes().list().getItems()) {
        String name = pv.getMetadata().getName();
        if (pv.getSpec().getCinder() != null) {
          once(cluster, "volume/" + name, () -> user.persistentVolumes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"pv.kubernetes.io/migrated-to\":\"cinder.csi.openstack.org\"}}}"));
        }
      }
    });
    once(cluster, "csi-nodes", () -> {
      for (var csiNode : user.storage().v1().csiNodes().list().getItems()) {
        String name = csiNode.getMetadata().getName();
        once(cluster, "csi-node/" + name, () -> user.storage().v1().csiNodes().withName(name).patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"storage.alpha.kubernetes.io/migrated-plugins\":\"kubernetes.io/cinder\"}}}"));
      }
    });
  }

  /** A write of the current phase, made until it went through once. */
  private static void once(SandboxCluster cluster, String what, Runnable write) {
    String key = cluster.phase + "/" + what;
    if (!cluster.kkpWritesDone.contains(key)) {
      write.run();
      cluster.kkpWritesDone.add(key);
    }
  }

  private void patchCluster(SandboxCluster cluster, Map<String, Object> patch) {
    seed.genericKubernetesResources(cluster.clusters()).withName(cluster.id())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  private void enter(SandboxCluster cluster, SandboxCluster.Phase phase) {
    cluster.kkpWritesDone.clear();
    cluster.phase = phase;
    cluster.phaseSince = clock.instant();
  }
}
