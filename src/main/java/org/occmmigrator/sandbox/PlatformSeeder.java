package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;

/** Fills the seed, the user clusters and the OpenStack emulator with the demo platform. */
final class PlatformSeeder {

  static final String DATACENTER = "sandbox-dc";
  static final List<String> CONTROL_PLANE = List.of("apiserver", "controller-manager", "machine-controller",
      "usercluster-controller-manager");
  static final String OCCM = "openstack-cloud-controller-manager";
  static final String KUBELET_FLAG = "v1.kubelet-flags.machine-controller.kubermatic.io/ExternalCloudProvider";
  static final String MD_LABEL = "sandbox.occm-migrator.io/machine-deployment";

  private final KubernetesClient seed;
  private final OpenStackEmulator openStack;

  PlatformSeeder(KubernetesClient seed, OpenStackEmulator openStack) {
    this.seed = seed;
    this.openStack = openStack;
  }

  void seed(SandboxCluster cluster) {
    DemoPlatform.Cluster demo = cluster.demo;
    seed.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(cluster.namespace()).endMetadata().build())
        .createOr(existing -> existing.update());
    createCluster(cluster);
    seed.secrets().inNamespace(cluster.namespace()).resource(new SecretBuilder().withNewMetadata()
        .withName("admin-kubeconfig").endMetadata().withStringData(Map.of("kubeconfig", cluster.userCluster.kubeconfig()))
        .build()).create();
    for (String component : CONTROL_PLANE) {
      deployment(cluster, component);
    }
    if (demo.externalCloudProvider()) {
      deployment(cluster, OCCM);
    }
    KubernetesClient user = cluster.userCluster.client();
    cluster.userCluster.serveCustomResource("cluster.k8s.io", "v1alpha1", "MachineDeployment", "machinedeployments", true);
    cluster.userCluster.serveCustomResource("cluster.k8s.io", "v1alpha1", "Machine", "machines", true);
    List<String> nodes = new ArrayList<>();
    for (DemoPlatform.MachineDeployment md : demo.machineDeployments()) {
      createMachineDeployment(user, md);
      for (int i = 0; i < md.replicas(); i++) {
        nodes.add(createMachineAndNode(cluster, md.name(), demo.externalCloudProvider()));
      }
    }
    user.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName(
        demo.externalCloudProvider() ? "cinder-csi" : "standard")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner(demo.externalCloudProvider() ? "cinder.csi.openstack.org" : "kubernetes.io/cinder").build()).create();
    for (DemoPlatform.Volume volume : demo.volumes()) {
      createVolume(user, volume);
    }
    if (demo.openstack() != null) {
      seedOpenStack(cluster, nodes);
    }
  }

  private void createCluster(SandboxCluster cluster) {
    DemoPlatform.Cluster demo = cluster.demo;
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("dc", DATACENTER);
    if ("openstack".equals(demo.provider())) {
      cloud.put("openstack", Map.of("network", "kubernetes-" + demo.id(), "floatingIPPool", "public",
          "useOctavia", demo.externalCloudProvider(),
          "credentialsReference", Map.of("name", "credential-openstack-" + demo.id(), "namespace", "kubermatic")));
    } else {
      cloud.put(demo.provider(), Map.of("region", "eu-central-1"));
    }
    Map<String, Object> features = new LinkedHashMap<>(Map.of("externalCloudProvider", demo.externalCloudProvider()));
    Map<String, Object> health = new LinkedHashMap<>();
    for (String component : List.of("apiserver", "scheduler", "controller", "machineController", "etcd",
        "cloudProviderInfrastructure", "userClusterControllerManager")) {
      health.put(component, cluster.health(true));
    }
    Map<String, Object> conditions = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (demo.externalCloudProvider()) {
      conditions.put("CSIKubeletMigrationCompleted", Map.of("status", "True", "reason", "CSIKubeletMigrationSuccess"));
      features.put("ccmClusterName", demo.k8c());
    }
    Map<String, Object> resource = Map.of("apiVersion", demo.apiGroup() + "/v1", "kind", "Cluster",
        "metadata", Map.of("name", demo.id(), "annotations", annotations),
        "spec", Map.of("version", demo.version(), "cloud", cloud, "features", features,
            "humanReadableName", demo.id()),
        "status", Map.of("namespaceName", cluster.namespace(), "extendedHealth", health, "conditions", conditions));
    seed.genericKubernetesResources(cluster.clusters()).resource(
        Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class)).create();
  }

  void deployment(SandboxCluster cluster, String name) {
    seed.apps().deployments().inNamespace(cluster.namespace()).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer()
        .withName(name).withImage("sandbox/" + name).endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1).withAvailableReplicas(1)
        .withReadyReplicas(1).endStatus().build()).createOr(existing -> existing.update());
  }

  private static void createMachineDeployment(KubernetesClient user, DemoPlatform.MachineDeployment md) {
    Map<String, Object> resource = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "MachineDeployment",
        "metadata", Map.of("name", md.name(), "namespace", "kube-system", "generation", 1),
        "spec", Map.of("replicas", md.replicas(), "template", Map.of("metadata", Map.of("labels", Map.of(MD_LABEL, md.name())),
            "spec", Map.of("providerSpec", Map.of("value", Map.of("cloudProvider", "openstack"))))),
        "status", Map.of("observedGeneration", 1, "replicas", md.replicas(), "updatedReplicas", md.replicas(),
            "availableReplicas", md.replicas(), "readyReplicas", md.replicas()));
    user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system").resource(
        Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class)).create();
  }

  /** A Machine and its Node; with the external provider enabled the Machine carries the kubelet flag. */
  static String createMachineAndNode(SandboxCluster cluster, String machineDeployment, boolean externalProvider) {
    KubernetesClient user = cluster.userCluster.client();
    String suffix = UUID.randomUUID().toString().substring(0, 5);
    String name = machineDeployment + "-" + suffix;
    String address = cluster.nextNodeAddress();
    Map<String, Object> annotations = externalProvider ? Map.of(KUBELET_FLAG, "true") : Map.of();
    Map<String, Object> machine = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "Machine",
        "metadata", Map.of("name", name, "namespace", "kube-system", "labels", Map.of(MD_LABEL, machineDeployment),
            "annotations", annotations, "ownerReferences", List.of(Map.of("apiVersion", "cluster.k8s.io/v1alpha1",
                "kind", "MachineSet", "name", machineDeployment + "-set", "uid", machineDeployment + "-set-uid",
                "controller", true))),
        "spec", Map.of("providerSpec", Map.of("value", Map.of("cloudProvider", "openstack"))),
        "status", Map.of("nodeRef", Map.of("name", name), "addresses", List.of(Map.of("type", "InternalIP", "address", address))));
    user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system").resource(
        Serialization.unmarshal(Serialization.asJson(machine), GenericKubernetesResource.class)).create();
    user.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels(MD_LABEL, machineDeployment)
        .endMetadata().withNewSpec().withProviderID("openstack:///" + UUID.randomUUID()).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(address).endAddress()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    return address;
  }

  private static void createVolume(KubernetesClient user, DemoPlatform.Volume volume) {
    String[] claim = volume.claim().split("/", 2);
    user.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(volume.name())
        .addToAnnotations("pv.kubernetes.io/provisioned-by", "kubernetes.io/cinder").endMetadata()
        .withNewSpec().addToCapacity("storage", new Quantity(volume.size())).withAccessModes("ReadWriteOnce")
        .withNewCinder().withVolumeID(UUID.randomUUID().toString()).withFsType("ext4").endCinder()
        .withNewClaimRef().withNamespace(claim[0]).withName(claim[1]).endClaimRef()
        .withStorageClassName("standard").endSpec().build()).create();
    user.persistentVolumeClaims().inNamespace(claim[0]).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName(claim[1]).withNamespace(claim[0]).endMetadata().withNewSpec().withVolumeName(volume.name())
        .withStorageClassName("standard").withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity(volume.size())).endResources().endSpec().build()).create();
  }

  private void seedOpenStack(SandboxCluster cluster, List<String> nodes) {
    DemoPlatform.OpenStack os = cluster.demo.openstack();
    Map<String, String> credentials = new LinkedHashMap<>();
    if (os.applicationCredentialId() != null) {
      openStack.createApplicationCredential(os.applicationCredentialId(), os.applicationCredentialSecret(), os.username(),
          "Default");
      credentials.put("applicationCredentialID", os.applicationCredentialId());
      credentials.put("applicationCredentialSecret", os.applicationCredentialSecret());
    } else {
      credentials.put("username", os.username());
      credentials.put("password", os.password());
      credentials.put("projectID", cluster.projectId);
      credentials.put("domain", "Default");
    }
    seed.secrets().inNamespace("kubermatic").resource(new SecretBuilder().withNewMetadata()
        .withName("credential-openstack-" + cluster.id()).endMetadata().withStringData(credentials).build())
        .createOr(existing -> existing.update());
    openStack.setQuota(cluster.projectId, "floatingip", 20);
    openStack.setQuota(cluster.projectId, "load_balancer", 10);
    KubernetesClient user = cluster.userCluster.client();
    for (DemoPlatform.Service demo : cluster.demo.services()) {
      Service service = createService(user, demo);
      String uid = service.getMetadata().getUid();
      String legacyName = ("a" + uid.replace("-", "")).substring(0, 32);
      if (!cluster.demo.externalCloudProvider()) {
        openStack.createLegacyLoadBalancer(cluster.projectId, legacyName, demo.name(), demo.ports(), demo.nodePort(), nodes,
            demo.internal() ? null : demo.oldIp(), "lb-sg-" + uid + "-" + demo.namespace() + "-" + demo.name());
      }
    }
    seedCsiNodes(cluster);
  }

  private static Service createService(KubernetesClient user, DemoPlatform.Service demo) {
    var ports = demo.ports().stream().map(port -> new ServicePortBuilder().withName("p" + port).withPort(port)
        .withProtocol("TCP").withNodePort(demo.nodePort()).build()).toList();
    var builder = new ServiceBuilder().withNewMetadata().withName(demo.name()).withNamespace(demo.namespace()).endMetadata()
        .withNewSpec().withType("LoadBalancer").withPorts(ports).addToSelector("app", demo.name())
        .withLoadBalancerIP(demo.loadBalancerIP()).endSpec();
    if (demo.internal()) {
      builder.editMetadata().addToAnnotations("service.beta.kubernetes.io/openstack-internal-load-balancer", "true").endMetadata();
    }
    String ip = demo.internal() ? "10.0.0.200" : demo.oldIp();
    builder.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus();
    Service created = user.services().inNamespace(demo.namespace()).resource(builder.build()).create();
    // The mock server's UIDs count up; the in-tree LB name drops the UID's last hex digit. Skipping 16
    // keeps the names of sandbox services unique, as random UIDs do on a real API server.
    for (int i = 0; i < 16; i++) {
      Utils.generateId();
    }
    return created;
  }

  private static void seedCsiNodes(SandboxCluster cluster) {
    KubernetesClient user = cluster.userCluster.client();
    for (var node : user.nodes().list().getItems()) {
      user.storage().v1().csiNodes().resource(new CSINodeBuilder().withNewMetadata().withName(node.getMetadata().getName())
          .endMetadata().withNewSpec().endSpec().build()).createOr(existing -> existing.update());
    }
  }
}
