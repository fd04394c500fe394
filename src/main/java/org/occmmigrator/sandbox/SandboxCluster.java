package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One demo cluster of the sandbox: its user-cluster API server, its project, and where KKP stands. */
final class SandboxCluster {

  static final ResourceDefinitionContext MACHINE_DEPLOYMENTS = new ResourceDefinitionContext.Builder()
      .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("MachineDeployment").withPlural("machinedeployments")
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
  int nextNode = 10;

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
