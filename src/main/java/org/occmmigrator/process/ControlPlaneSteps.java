package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import org.occmmigrator.platform.KkpCluster;
import org.springframework.stereotype.Component;

/** The trigger and the two control-plane rollouts it causes (DOMAIN.md §2, §6.5). */
@Component
public class ControlPlaneSteps {

  /** Where a rollout stands: done, or what is still missing. */
  public record RolloutState(boolean done, List<String> waitingFor) {}

  private final ClusterClouds clouds;

  public ControlPlaneSteps(ClusterClouds clouds) {
    this.clouds = clouds;
  }

  /** Sets spec.features.externalCloudProvider (irreversible; idempotent). */
  public void enableExternalCloudProvider(String clusterId) {
    clouds.seed().enableExternalCloudProvider(clusterId);
  }

  /** Whether spec.features.externalCloudProvider is set (by this migration or anyone else). */
  public boolean externalCloudProviderEnabled(String clusterId) {
    return clouds.cluster(clusterId).externalCloudProvider();
  }

  /** After the trigger: the webhook's marks, OCCM deployed, every Deployment rolled out, all healthy. */
  public RolloutState firstRollout(String clusterId) {
    KkpCluster cluster = clouds.cluster(clusterId);
    List<String> waiting = new ArrayList<>();
    if (!cluster.externalCloudProvider()) {
      waiting.add("spec.features.externalCloudProvider is not set");
    }
    if (!cluster.webhookApplied()) {
      waiting.add("the KKP webhook has not marked the cluster (migration annotations, useOctavia)");
    }
    if (!clouds.seed().occmDeployed(cluster)) {
      waiting.add("openstack-cloud-controller-manager is not deployed");
    }
    rollingOutAndHealth(cluster, waiting);
    return new RolloutState(waiting.isEmpty(), waiting);
  }

  /** After worker rotation: CSIKubeletMigrationCompleted True and the second rollout finished. */
  public RolloutState finalRollout(String clusterId) {
    KkpCluster cluster = clouds.cluster(clusterId);
    List<String> waiting = new ArrayList<>();
    var condition = cluster.conditions().get(KkpCluster.KUBELET_MIGRATION_CONDITION);
    if (condition == null || !condition.isTrue()) {
      waiting.add(KkpCluster.KUBELET_MIGRATION_CONDITION + " is " + (condition == null ? "missing" : condition.status()
          + " (" + condition.reason() + ")"));
    }
    rollingOutAndHealth(cluster, waiting);
    return new RolloutState(waiting.isEmpty(), waiting);
  }

  private void rollingOutAndHealth(KkpCluster cluster, List<String> waiting) {
    List<String> rollingOut = clouds.seed().controlPlaneDeploymentsRollingOut(cluster);
    if (!rollingOut.isEmpty()) {
      waiting.add("rolling out: " + String.join(", ", rollingOut));
    }
    if (!cluster.allHealthy()) {
      waiting.add("control plane health: " + cluster.health());
    }
  }
}
