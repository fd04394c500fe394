package org.occmmigrator.platform;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One user cluster, through its admin kubeconfig. Every write checks the current state first. */
public class UserCluster {

  static final String KUBELET_FLAG_ANNOTATION = "v1.kubelet-flags.machine-controller.kubermatic.io/ExternalCloudProvider";
  /** Which migration restarted a MachineDeployment: makes the restart happen once per migration. */
  static final String ROTATED_BY_ANNOTATION = "occm-migrator.io/rotated-by";
  static final String TOUCHED_ANNOTATION = "occm-migrator.io/reconcile-requested-at";
  static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
  static final String MIGRATED_TO = "pv.kubernetes.io/migrated-to";

  private static final ResourceDefinitionContext MACHINE_DEPLOYMENTS = machineApi("MachineDeployment", "machinedeployments");
  private static final ResourceDefinitionContext MACHINES = machineApi("Machine", "machines");
  private static final String MACHINE_NAMESPACE = "kube-system";

  private final String clusterId;
  private final KubernetesClient client;

  UserCluster(String clusterId, KubernetesClient client) {
    this.clusterId = clusterId;
    this.client = client;
  }

  public List<LoadBalancerService> loadBalancerServices() {
    return call("list services", () -> client.services().inAnyNamespace().list().getItems()).stream()
        .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).map(UserCluster::toLoadBalancerService).toList();
  }

  public LoadBalancerService loadBalancerService(String namespace, String name) {
    Service service = call("read service " + namespace + "/" + name,
        () -> client.services().inNamespace(namespace).withName(name).get());
    if (service == null) {
      throw new PlatformException("Service " + namespace + "/" + name + " does not exist in cluster " + clusterId, false);
    }
    return toLoadBalancerService(service);
  }

  /** Sets spec.loadBalancerIP (and keep-floatingip): OCCM then adopts that FIP instead of allocating one. */
  public void pinLoadBalancerIp(String namespace, String name, String ip) {
    LoadBalancerService current = loadBalancerService(namespace, name);
    if (ip.equals(current.loadBalancerIp()) && current.keepFloatingIp()) {
      return;
    }
    patchService(namespace, name, Map.of("metadata", Map.of("annotations", Map.of(LoadBalancerService.KEEP_FLOATING_IP_ANNOTATION, "true")),
        "spec", Map.of("loadBalancerIP", ip)));
  }

  /** OCCM refreshes the Service status only when the Service changes: change an annotation. */
  public void requestReconcile(String namespace, String name, String at) {
    patchService(namespace, name, Map.of("metadata", Map.of("annotations", Map.of(TOUCHED_ANNOTATION, at))));
  }

  private void patchService(String namespace, String name, Map<String, Object> patch) {
    call("patch service " + namespace + "/" + name, () -> client.services().inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch)));
  }

  public List<PersistentVolumeStatus> persistentVolumes() {
    return call("list persistent volumes", () -> client.persistentVolumes().list().getItems()).stream()
        .map(UserCluster::toVolumeStatus).toList();
  }

  /**
   * Re-annotates an in-tree Cinder PV as CSI-provisioned (what KubeOne and Kubespray do, KKP does not),
   * so that it can still be deleted once the in-tree plugin is gone. Only PVs that CSI migration handles.
   */
  public boolean reannotateInTreeVolume(String name) {
    PersistentVolume pv = call("read persistent volume " + name, () -> client.persistentVolumes().withName(name).get());
    if (pv == null) {
      throw new PlatformException("PersistentVolume " + name + " does not exist in cluster " + clusterId, false);
    }
    PersistentVolumeStatus status = toVolumeStatus(pv);
    if (!PersistentVolumeStatus.IN_TREE_CINDER.equals(status.provisionedBy())) {
      return false;
    }
    if (!PersistentVolumeStatus.CINDER_CSI.equals(status.migratedTo())) {
      throw new PlatformException("PersistentVolume " + name + " is not handled by CSI migration yet (no "
          + MIGRATED_TO + " annotation): is the Cinder CSI driver running?", true);
    }
    call("re-annotate persistent volume " + name, () -> client.persistentVolumes().withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata",
            Map.of("annotations", Map.of(PROVISIONED_BY, PersistentVolumeStatus.CINDER_CSI))))));
    return true;
  }

  public int defaultStorageClasses() {
    return (int) call("list storage classes", () -> client.storage().v1().storageClasses().list().getItems()).stream()
        .filter(sc -> sc.getMetadata().getAnnotations() != null
            && "true".equals(sc.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class")))
        .count();
  }

  public List<MachineDeploymentStatus> machineDeployments() {
    return call("list machine deployments", () -> client.genericKubernetesResources(MACHINE_DEPLOYMENTS)
        .inNamespace(MACHINE_NAMESPACE).list().getItems()).stream().map(UserCluster::toMachineDeploymentStatus).toList();
  }

  /**
   * Restarts a MachineDeployment as the KKP dashboard does (forceRestart in the template), once per
   * migration: a second call with the same migration id changes nothing. Returns whether it restarted.
   */
  public boolean restartMachineDeployment(String name, String migrationId, long nowNanos) {
    GenericKubernetesResource current = call("read machine deployment " + name,
        () -> client.genericKubernetesResources(MACHINE_DEPLOYMENTS).inNamespace(MACHINE_NAMESPACE).withName(name).get());
    if (current == null) {
      throw new PlatformException("MachineDeployment " + name + " does not exist in cluster " + clusterId, false);
    }
    if (migrationId.equals(annotation(current, ROTATED_BY_ANNOTATION))) {
      return false;
    }
    String patch = Serialization.asJson(Map.of(
        "metadata", Map.of("annotations", Map.of(ROTATED_BY_ANNOTATION, migrationId)),
        "spec", Map.of("template", Map.of("metadata", Map.of("annotations", Map.of("forceRestart", String.valueOf(nowNanos)))))));
    call("restart machine deployment " + name, () -> client.genericKubernetesResources(MACHINE_DEPLOYMENTS)
        .inNamespace(MACHINE_NAMESPACE).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    return true;
  }

  /** Machines without the kubelet-flag annotation (they still run the in-tree provider). */
  public List<String> machinesNotMigrated() {
    return call("list machines", () -> client.genericKubernetesResources(MACHINES).inNamespace(MACHINE_NAMESPACE)
        .list().getItems()).stream().filter(m -> !"true".equals(annotation(m, KUBELET_FLAG_ANNOTATION)))
        .map(m -> m.getMetadata().getName()).toList();
  }

  /**
   * Machines that no MachineDeployment manages (no owner reference to a MachineSet or MachineDeployment):
   * static or hand-made workers. Rotating MachineDeployments never replaces them, yet they need the kubelet flag
   * for CSIKubeletMigrationCompleted (DOMAIN.md §8; kubermatic/kubeone#1780).
   */
  public List<String> machinesWithoutMachineDeployment() {
    return call("list machines", () -> client.genericKubernetesResources(MACHINES).inNamespace(MACHINE_NAMESPACE)
        .list().getItems()).stream().filter(m -> m.getMetadata().getOwnerReferences() == null
            || m.getMetadata().getOwnerReferences().stream().noneMatch(owner -> "MachineSet".equals(owner.getKind())
                || "MachineDeployment".equals(owner.getKind())))
        .map(m -> m.getMetadata().getName()).toList();
  }

  /** Internal IPs of the nodes, which are the old load balancers' members. */
  public List<String> nodeAddresses() {
    return call("list nodes", () -> client.nodes().list().getItems()).stream()
        .flatMap((Node node) -> node.getStatus() == null || node.getStatus().getAddresses() == null ? java.util.stream.Stream.empty()
            : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).map(a -> a.getAddress()))
        .toList();
  }

  KubernetesClient client() {
    return client;
  }

  private static LoadBalancerService toLoadBalancerService(Service service) {
    List<io.fabric8.kubernetes.api.model.ServicePort> ports = service.getSpec().getPorts() == null ? List.of()
        : service.getSpec().getPorts();
    Map<String, String> annotations = service.getMetadata().getAnnotations() == null
        ? Map.of() : new LinkedHashMap<>(service.getMetadata().getAnnotations());
    List<String> ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null ? List.of()
        : service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
            .filter(ip -> ip != null).toList();
    return new LoadBalancerService(service.getMetadata().getNamespace(), service.getMetadata().getName(),
        service.getMetadata().getUid(), "true".equals(annotations.get(LoadBalancerService.INTERNAL_ANNOTATION)),
        ingress, service.getSpec().getLoadBalancerIP(), annotations.get(LoadBalancerService.LOAD_BALANCER_ID_ANNOTATION),
        "true".equals(annotations.get(LoadBalancerService.KEEP_FLOATING_IP_ANNOTATION)),
        ports.stream().map(port -> port.getPort()).toList(),
        ports.stream().map(port -> port.getProtocol() == null ? "TCP" : port.getProtocol()).toList(),
        service.getSpec().getExternalTrafficPolicy() == null ? "Cluster" : service.getSpec().getExternalTrafficPolicy(),
        service.getSpec().getLoadBalancerSourceRanges() == null ? List.of()
            : List.copyOf(service.getSpec().getLoadBalancerSourceRanges()),
        Map.copyOf(annotations));
  }

  private static PersistentVolumeStatus toVolumeStatus(PersistentVolume pv) {
    Map<String, String> annotations = pv.getMetadata().getAnnotations() == null ? Map.of() : pv.getMetadata().getAnnotations();
    return new PersistentVolumeStatus(pv.getMetadata().getName(), pv.getSpec().getCinder() != null,
        annotations.get(PROVISIONED_BY), annotations.get(MIGRATED_TO));
  }

  @SuppressWarnings("unchecked")
  private static MachineDeploymentStatus toMachineDeploymentStatus(GenericKubernetesResource md) {
    Map<String, Object> spec = (Map<String, Object>) md.getAdditionalProperties().getOrDefault("spec", Map.of());
    Map<String, Object> status = (Map<String, Object>) md.getAdditionalProperties().getOrDefault("status", Map.of());
    long generation = md.getMetadata().getGeneration() == null ? 0 : md.getMetadata().getGeneration();
    return new MachineDeploymentStatus(md.getMetadata().getName(), generation, number(status.get("observedGeneration")),
        (int) number(spec.getOrDefault("replicas", 1)), (int) number(status.get("replicas")),
        (int) number(status.get("updatedReplicas")), (int) number(status.get("availableReplicas")),
        annotation(md, ROTATED_BY_ANNOTATION));
  }

  private static String annotation(GenericKubernetesResource resource, String key) {
    return resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(key);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static ResourceDefinitionContext machineApi(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  private <T> T call(String what, Supplier<T> action) {
    return KubernetesFaults.call(what + " in cluster " + clusterId, action);
  }
}
