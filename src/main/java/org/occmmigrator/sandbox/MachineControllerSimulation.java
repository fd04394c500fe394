package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * The machine-controller: a MachineDeployment whose template changed gets a new generation, a MachineSet
 * for the new template, and its Machines and Nodes replaced one per step, with the status fields of
 * DOMAIN.md §3. New Machines carry the kubelet flag once the cluster runs the external provider.
 * Machines no MachineDeployment owns (static workers) are never touched, as in real KKP. Each round looks at what
 * exists before it acts, so that a round cut short by a refused request is finished by the next one, never doubled.
 */
final class MachineControllerSimulation {

  void reconcile(SandboxCluster cluster) {
    KubernetesClient user = cluster.userCluster.client();
    var deployments = user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system");
    for (GenericKubernetesResource md : deployments.list().getItems()) {
      String name = md.getMetadata().getName();
      String template = template(md);
      String seen = cluster.seenTemplates.putIfAbsent(name, template);
      long generation = md.getMetadata().getGeneration() == null ? 1 : md.getMetadata().getGeneration();
      if (seen != null && !seen.equals(template)) {
        generation++;
        deployments.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"generation\":" + generation + "}}");
        cluster.seenTemplates.put(name, template); // only once the new generation is written
      }
      rollOneMachine(cluster, md, generation);
    }
  }

  static String template(GenericKubernetesResource md) {
    return Serialization.asJson(spec(md).get("template"));
  }

  /** Names the MachineSet of a template, as machine-controller's hash suffix does. */
  static String templateHash(GenericKubernetesResource md) {
    return Integer.toHexString(template(md).hashCode());
  }

  /** The MachineSet of the deployment for that template, created (owned by the deployment) if missing. */
  static GenericKubernetesResource machineSet(SandboxCluster cluster, GenericKubernetesResource md, String hash) {
    var sets = cluster.userCluster.client().genericKubernetesResources(SandboxCluster.MACHINE_SETS).inNamespace("kube-system");
    String name = md.getMetadata().getName() + "-" + hash;
    GenericKubernetesResource existing = sets.withName(name).get();
    if (existing != null) {
      return existing;
    }
    Map<String, Object> resource = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "MachineSet",
        "metadata", Map.of("name", name, "namespace", "kube-system",
            "labels", Map.of(PlatformSeeder.MD_LABEL, md.getMetadata().getName()),
            "ownerReferences", List.of(Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "MachineDeployment",
                "name", md.getMetadata().getName(), "uid", md.getMetadata().getUid(), "controller", true,
                "blockOwnerDeletion", true))),
        "spec", Map.of("replicas", spec(md).getOrDefault("replicas", 1), "template", spec(md).get("template")));
    return sets.resource(Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class)).create();
  }

  /**
   * Replaces one Machine built from an older template — a new one first unless an earlier round made it already
   * (one surge Machine at a time), then the old Node and Machine — and writes the MachineDeployment's status.
   */
  private void rollOneMachine(SandboxCluster cluster, GenericKubernetesResource md, long generation) {
    KubernetesClient user = cluster.userCluster.client();
    String name = md.getMetadata().getName();
    String hash = templateHash(md);
    var machines = user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system");
    List<GenericKubernetesResource> mine = machines.withLabel(PlatformSeeder.MD_LABEL, name).list().getItems();
    registerMissingNodes(user, mine);
    GenericKubernetesResource outdated = mine.stream()
        .filter(m -> !hash.equals(annotation(m, PlatformSeeder.TEMPLATE_HASH))).findFirst().orElse(null);
    int replicas = ((Number) spec(md).getOrDefault("replicas", 1)).intValue();
    if (outdated != null) {
      if (mine.size() <= replicas) {
        PlatformSeeder.createMachineAndNode(cluster, md, hash, cluster.phase != SandboxCluster.Phase.IN_TREE);
      }
      user.nodes().withName(outdated.getMetadata().getName()).delete();
      machines.withName(outdated.getMetadata().getName()).delete();
      deleteEmptyMachineSets(cluster, name);
    }
    long updated = machines.withLabel(PlatformSeeder.MD_LABEL, name).list().getItems().stream()
        .filter(m -> hash.equals(annotation(m, PlatformSeeder.TEMPLATE_HASH))).count();
    user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system").withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", Map.of(
            "observedGeneration", generation, "replicas", replicas, "updatedReplicas", updated,
            "availableReplicas", replicas, "readyReplicas", replicas))));
  }

  /** A Machine whose Node was not created (its round was cut short) gets it now, as its kubelet would register it. */
  @SuppressWarnings("unchecked")
  private static void registerMissingNodes(KubernetesClient user, List<GenericKubernetesResource> machines) {
    var nodes = user.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    for (GenericKubernetesResource machine : machines) {
      String machineName = machine.getMetadata().getName();
      if (nodes.contains(machineName)) {
        continue;
      }
      Map<String, Object> status = (Map<String, Object>) machine.getAdditionalProperties().getOrDefault("status", Map.of());
      List<Map<String, Object>> addresses = (List<Map<String, Object>>) status.getOrDefault("addresses", List.of());
      if (!addresses.isEmpty()) {
        PlatformSeeder.createNode(user, machineName, machine.getMetadata().getLabels() == null ? Map.of()
            : machine.getMetadata().getLabels(), String.valueOf(addresses.get(0).get("address")));
      }
    }
  }

  /** A MachineSet of an old template goes once its last Machine went. */
  private static void deleteEmptyMachineSets(SandboxCluster cluster, String machineDeployment) {
    KubernetesClient user = cluster.userCluster.client();
    var machines = user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system").list().getItems();
    var sets = user.genericKubernetesResources(SandboxCluster.MACHINE_SETS).inNamespace("kube-system");
    for (GenericKubernetesResource set : sets.withLabel(PlatformSeeder.MD_LABEL, machineDeployment).list().getItems()) {
      boolean owns = machines.stream().anyMatch(m -> m.getMetadata().getOwnerReferences() != null && m.getMetadata()
          .getOwnerReferences().stream().anyMatch(o -> set.getMetadata().getUid().equals(o.getUid())));
      if (!owns) {
        sets.withName(set.getMetadata().getName()).delete();
      }
    }
  }

  private static String annotation(GenericKubernetesResource resource, String key) {
    return resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("spec", Map.of());
  }
}
