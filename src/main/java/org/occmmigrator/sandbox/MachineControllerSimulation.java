package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * The machine-controller: a MachineDeployment whose template changed gets a new generation and its
 * Machines and Nodes replaced one per step, with the status fields of DOMAIN.md §3. New Machines carry
 * the kubelet flag once the cluster runs the external provider.
 */
final class MachineControllerSimulation {

  private static final String TEMPLATE_HASH = "sandbox.occm-migrator.io/template";

  void reconcile(SandboxCluster cluster) {
    KubernetesClient user = cluster.userCluster.client();
    var deployments = user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system");
    for (GenericKubernetesResource md : deployments.list().getItems()) {
      String name = md.getMetadata().getName();
      String template = Serialization.asJson(spec(md).get("template"));
      String seen = cluster.seenTemplates.putIfAbsent(name, template);
      long generation = md.getMetadata().getGeneration() == null ? 1 : md.getMetadata().getGeneration();
      if (seen != null && !seen.equals(template)) {
        cluster.seenTemplates.put(name, template);
        generation++;
        deployments.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"generation\":" + generation + "}}");
      }
      rollOneMachine(cluster, md, name, template, generation);
    }
  }

  /** Replaces one Machine built from an older template, then writes the MachineDeployment's status. */
  private void rollOneMachine(SandboxCluster cluster, GenericKubernetesResource md, String name, String template,
      long generation) {
    KubernetesClient user = cluster.userCluster.client();
    String hash = Integer.toHexString(template.hashCode());
    List<GenericKubernetesResource> machines = user.genericKubernetesResources(SandboxCluster.MACHINES)
        .inNamespace("kube-system").withLabel(PlatformSeeder.MD_LABEL, name).list().getItems();
    for (GenericKubernetesResource machine : machines) {
      if (annotation(machine, TEMPLATE_HASH) == null) {
        stamp(user, machine, hash); // machines from before the sandbox saw the template count as current
      }
    }
    machines = user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system")
        .withLabel(PlatformSeeder.MD_LABEL, name).list().getItems();
    GenericKubernetesResource outdated = machines.stream().filter(m -> !hash.equals(annotation(m, TEMPLATE_HASH)))
        .findFirst().orElse(null);
    int replicas = ((Number) spec(md).getOrDefault("replicas", 1)).intValue();
    if (outdated != null) {
      boolean external = cluster.phase != SandboxCluster.Phase.IN_TREE;
      PlatformSeeder.createMachineAndNode(cluster, name, external);
      var created = user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system")
          .withLabel(PlatformSeeder.MD_LABEL, name).list().getItems().stream()
          .filter(m -> annotation(m, TEMPLATE_HASH) == null).findFirst().orElseThrow();
      stamp(user, created, hash);
      user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system")
          .withName(outdated.getMetadata().getName()).delete();
      user.nodes().withName(outdated.getMetadata().getName()).delete();
    }
    long updated = user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system")
        .withLabel(PlatformSeeder.MD_LABEL, name).list().getItems().stream()
        .filter(m -> hash.equals(annotation(m, TEMPLATE_HASH))).count();
    user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system").withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", Map.of(
            "observedGeneration", generation, "replicas", replicas, "updatedReplicas", updated,
            "availableReplicas", replicas, "readyReplicas", replicas))));
  }

  private static void stamp(KubernetesClient user, GenericKubernetesResource machine, String hash) {
    user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system").withName(machine.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + TEMPLATE_HASH + "\":\"" + hash + "\"}}}");
  }

  private static String annotation(GenericKubernetesResource resource, String key) {
    return resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("spec", Map.of());
  }
}
