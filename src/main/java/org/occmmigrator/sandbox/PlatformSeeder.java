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
import io.fabric8.kubernetes.client.utils.Serialization;
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

  static final String TEMPLATE_HASH = "sandbox.occm-migrator.io/template";
  static final String INTERNAL_ANNOTATION = "service.beta.kubernetes.io/openstack-internal-load-balancer";

  private final KubernetesClient seed;
  private final OpenStackEmulator openStack;
  private final InTreeProviderSimulation inTree;

  PlatformSeeder(KubernetesClient seed, OpenStackEmulator openStack, InTreeProviderSimulation inTree) {
    this.seed = seed;
    this.openStack = openStack;
    this.inTree = inTree;
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
    cluster.userCluster.serveCustomResource("cluster.k8s.io", "v1alpha1", "MachineSet", "machinesets", true);
    cluster.userCluster.serveCustomResource("cluster.k8s.io", "v1alpha1", "Machine", "machines", true);
    for (DemoPlatform.MachineDeployment md : demo.machineDeployments()) {
      GenericKubernetesResource deployment = createMachineDeployment(user, md);
      String hash = MachineControllerSimulation.templateHash(deployment);
      for (int i = 0; i < md.replicas(); i++) {
        createMachineAndNode(cluster, deployment, hash, demo.externalCloudProvider());
      }
    }
    for (DemoPlatform.StaticMachine machine : demo.staticMachines()) {
      createStaticMachineAndNode(cluster, machine.name(), demo.externalCloudProvider() || machine.kubeletFlag());
    }
    user.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName(
        demo.externalCloudProvider() ? "cinder-csi" : "standard")
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner(demo.externalCloudProvider() ? "cinder.csi.openstack.org" : "kubernetes.io/cinder").build()).create();
    for (DemoPlatform.Volume volume : demo.volumes()) {
      createVolume(user, volume);
    }
    if (demo.openstack() != null) {
      seedOpenStack(cluster);
    }
  }

  private void createCluster(SandboxCluster cluster) {
    DemoPlatform.Cluster demo = cluster.demo;
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("dc", DATACENTER);
    if ("openstack".equals(demo.provider())) {
      cloud.put("openstack", Map.of("network", cluster.networkName(), "floatingIPPool", "public",
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
      features.put("ccmClusterName", demo.ccmClusterName() || demo.webhookSetsCcmClusterName());
    } else if (demo.ccmClusterName()) {
      features.put("ccmClusterName", true);
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

  private static GenericKubernetesResource createMachineDeployment(KubernetesClient user, DemoPlatform.MachineDeployment md) {
    Map<String, Object> resource = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "MachineDeployment",
        "metadata", Map.of("name", md.name(), "namespace", "kube-system", "generation", 1),
        "spec", Map.of("replicas", md.replicas(), "template", Map.of("metadata", Map.of("labels", Map.of(MD_LABEL, md.name())),
            "spec", Map.of("providerSpec", Map.of("value", Map.of("cloudProvider", "openstack"))))),
        "status", Map.of("observedGeneration", 1, "replicas", md.replicas(), "updatedReplicas", md.replicas(),
            "availableReplicas", md.replicas(), "readyReplicas", md.replicas()));
    return user.genericKubernetesResources(SandboxCluster.MACHINE_DEPLOYMENTS).inNamespace("kube-system").resource(
        Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class)).create();
  }

  /**
   * A Machine of a MachineDeployment, and its Node: owned (ownerReferences) by the deployment's MachineSet
   * for that template, as machine-controller makes them (MachineDeployment → MachineSet → Machine). With
   * the external provider enabled the Machine carries the kubelet flag (machine-controller's webhook).
   */
  static String createMachineAndNode(SandboxCluster cluster, GenericKubernetesResource machineDeployment,
      String templateHash, boolean externalProvider) {
    GenericKubernetesResource machineSet = MachineControllerSimulation.machineSet(cluster, machineDeployment, templateHash);
    String md = machineDeployment.getMetadata().getName();
    String name = md + "-" + UUID.randomUUID().toString().substring(0, 5);
    Map<String, Object> owner = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "MachineSet",
        "name", machineSet.getMetadata().getName(), "uid", machineSet.getMetadata().getUid(), "controller", true,
        "blockOwnerDeletion", true);
    return createMachineAndNode(cluster, name, Map.of(MD_LABEL, md), Map.of(TEMPLATE_HASH, templateHash), List.of(owner),
        externalProvider);
  }

  /** A Machine no MachineDeployment owns (no ownerReferences), and its Node. */
  static String createStaticMachineAndNode(SandboxCluster cluster, String name, boolean kubeletFlag) {
    return createMachineAndNode(cluster, name, Map.of(), Map.of(), List.of(), kubeletFlag);
  }

  private static String createMachineAndNode(SandboxCluster cluster, String name, Map<String, String> labels,
      Map<String, String> extraAnnotations, List<Map<String, Object>> owners, boolean kubeletFlag) {
    KubernetesClient user = cluster.userCluster.client();
    String address = cluster.nextNodeAddress();
    Map<String, Object> annotations = new LinkedHashMap<>(extraAnnotations);
    if (kubeletFlag) {
      annotations.put(KUBELET_FLAG, "true");
    }
    Map<String, Object> machine = Map.of("apiVersion", "cluster.k8s.io/v1alpha1", "kind", "Machine",
        "metadata", Map.of("name", name, "namespace", "kube-system", "labels", labels, "annotations", annotations,
            "ownerReferences", owners),
        "spec", Map.of("providerSpec", Map.of("value", Map.of("cloudProvider", "openstack"))),
        "status", Map.of("nodeRef", Map.of("name", name), "addresses", List.of(Map.of("type", "InternalIP", "address", address))));
    user.genericKubernetesResources(SandboxCluster.MACHINES).inNamespace("kube-system").resource(
        Serialization.unmarshal(Serialization.asJson(machine), GenericKubernetesResource.class)).create();
    createNode(user, name, labels, address);
    return address;
  }

  /** The Node a Machine's kubelet registers: Ready, with the cloud's provider id. */
  static void createNode(KubernetesClient user, String name, Map<String, String> labels, String address) {
    user.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels(labels)
        .endMetadata().withNewSpec().withProviderID("openstack:///" + UUID.randomUUID()).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(address).endAddress()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
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

  /**
   * The cluster's KKP credential Secret and its in-tree world: per Service its old load balancer (through
   * the in-tree provider simulation) unless the cluster already runs the external provider.
   */
  private void seedOpenStack(SandboxCluster cluster) {
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
    KubernetesClient user = cluster.userCluster.client();
    List<String> nodes = SandboxCloud.nodeAddresses(cluster);
    for (DemoPlatform.Service demo : cluster.demo.services()) {
      Service service = user.services().inNamespace(demo.namespace()).resource(service(demo)).create();
      if (demo.pending() || !demo.tcpOnly()) {
        cluster.neverServedInTree.add(demo.key());
      } else if (!cluster.demo.externalCloudProvider()) {
        inTree.serve(cluster, service, demo.oldIp(), nodes);
      }
    }
    seedCsiNodes(cluster);
  }

  /** The Service object as the platform describes it, without status (the provider that serves it writes that). */
  static Service service(DemoPlatform.Service demo) {
    var ports = demo.ports().stream().map(port -> new ServicePortBuilder().withName(portName(port)).withPort(port.port())
        .withProtocol(port.protocol()).withNodePort(demo.nodePortOf(port)).build()).toList();
    var builder = new ServiceBuilder().withNewMetadata().withName(demo.name()).withNamespace(demo.namespace()).endMetadata()
        .withNewSpec().withType("LoadBalancer").withPorts(ports).addToSelector("app", demo.name())
        .withLoadBalancerIP(demo.loadBalancerIP()).withExternalTrafficPolicy(demo.externalTrafficPolicy())
        .withLoadBalancerSourceRanges(demo.loadBalancerSourceRanges().isEmpty() ? null : demo.loadBalancerSourceRanges())
        .endSpec();
    if ("Local".equals(demo.externalTrafficPolicy())) {
      builder.editSpec().withHealthCheckNodePort(32000 + demo.nodePort() % 1000).endSpec();
    }
    if (demo.internal()) {
      builder.editMetadata().addToAnnotations(INTERNAL_ANNOTATION, "true").endMetadata();
    }
    return builder.build();
  }

  /** p&lt;port&gt; for TCP (the names the sandbox always had), udp&lt;port&gt; and sctp&lt;port&gt; otherwise. */
  private static String portName(DemoPlatform.Port port) {
    return ("TCP".equals(port.protocol()) ? "p" : port.protocol().toLowerCase()) + port.port();
  }

  private static void seedCsiNodes(SandboxCluster cluster) {
    KubernetesClient user = cluster.userCluster.client();
    for (var node : user.nodes().list().getItems()) {
      user.storage().v1().csiNodes().resource(new CSINodeBuilder().withNewMetadata().withName(node.getMetadata().getName())
          .endMetadata().withNewSpec().endSpec().build()).createOr(existing -> existing.update());
    }
  }
}
