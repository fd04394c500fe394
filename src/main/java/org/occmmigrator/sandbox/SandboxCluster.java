package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One demo cluster of the sandbox: its user-cluster API server, its project, and where KKP stands. */
final class SandboxCluster {

  static final ResourceDefinitionContext MACHINE_DEPLOYMENTS = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("MachineDeployment").withPlural("machinedeployments")
      .withNamespaced(true).build();
  static final ResourceDefinitionContext MACHINE_SETS = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("MachineSet").withPlural("machinesets")
      .withNamespaced(true).build();
  static final ResourceDefinitionContext MACHINES = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("Machine").withPlural("machines")
      .withNamespaced(true).build();

  /** KKP's view of the migration: in-tree, first rollout, waiting for the kubelets, second rollout, done. */
  enum Phase { IN_TREE, FIRST_ROLLOUT, KUBELET_MIGRATION, SECOND_ROLLOUT, EXTERNAL }

  final DemoPlatform.Cluster demo;
  final MockApiServer userCluster;
  final String projectId;
  final int index;
  Phase phase;
  Instant phaseSince = Instant.EPOCH;
  /** Per MachineDeployment, its template as last seen (a change means: roll). */
  final Map<String, String> seenTemplates = new HashMap<>();
  /** KKP's writes of the current phase that went through ("phase/what"): a refused one is retried, a done one not. */
  final Set<String> kkpWritesDone = ConcurrentHashMap.newKeySet();
  int nextNode = 10;
  /** The nodes' addresses as last read: they stay live in the data plane through a failing round. */
  java.util.List<String> lastNodes = java.util.List.of();
  /** Services (namespace/name) the in-tree provider never serves, as if its EnsureLoadBalancer kept failing. */
  final Set<String> neverServedInTree = ConcurrentHashMap.newKeySet();
  /** Services the in-tree provider serves: namespace/name to their old load balancer. */
  final Map<String, InTreeProviderSimulation.Served> servedInTree = new ConcurrentHashMap<>();
  /** Services OCCM serves: namespace/name to what it made for them (for its cleanup on deletion). */
  final Map<String, OccmSimulation.Served> servedByOccm = new ConcurrentHashMap<>();
  /** OCCM's talk to the cloud with this cluster's credentials; null until OCCM first runs. */
  OccmCloudClient occmCloud;

  SandboxCluster(DemoPlatform.Cluster demo, MockApiServer userCluster, String projectId, int index) {
    this.demo = demo;
    this.userCluster = userCluster;
    this.projectId = projectId;
    this.index = index;
    this.phase = demo.externalCloudProvider() ? Phase.EXTERNAL : Phase.IN_TREE;
  }

  String id() {
    return demo.id();
  }

  String projectName() {
    return demo.openstack() == null ? null : demo.openstack().project();
  }

  /** The project's network, as KKP names it in spec.cloud.openstack.network and OCCM finds it. */
  String networkName() {
    return "kubernetes-" + projectName();
  }

  String namespace() {
    return "cluster-" + demo.id();
  }

  ResourceDefinitionContext clusters() {
    return new ResourceDefinitionContext.Builder().withGroup(demo.apiGroup()).withVersion("v1").withKind("Cluster")
        .withPlural("clusters").withNamespaced(false).build();
  }

  boolean occmRunning() {
    return phase != Phase.IN_TREE && phase != Phase.FIRST_ROLLOUT;
  }

  /**
   * Writes a Service's status.loadBalancer.ingress (one IP, or none for null) and returns the Service's
   * resourceVersion afterwards. A whole new status, not a merge patch: fabric8's mock server appends to
   * arrays in merge patches.
   */
  String setIngress(String namespace, String name, String ip) {
    var updated = userCluster.client().services().inNamespace(namespace).withName(name).editStatus(latest -> {
      var status = new ServiceBuilder(latest).withNewStatus().withNewLoadBalancer();
      if (ip != null) {
        status.addNewIngress().withIp(ip).endIngress();
      }
      return status.endLoadBalancer().endStatus().build();
    });
    return updated.getMetadata().getResourceVersion();
  }

  String nextNodeAddress() {
    return "10." + (10 + index) + ".0." + nextNode++;
  }

  /** Health values in the group's encoding: integers on kubermatic.k8s.io, strings on kubermatic.k8c.io. */
  Object health(boolean up) {
    if (demo.k8c()) {
      return up ? "HealthStatusUp" : "HealthStatusProvisioning";
    }
    return up ? 1 : 2;
  }
}
