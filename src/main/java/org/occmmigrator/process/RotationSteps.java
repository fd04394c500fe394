package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.MachineDeploymentStatus;
import org.occmmigrator.platform.UserCluster;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Rotating every MachineDeployment once, a bounded number at a time (DOMAIN.md §3). */
@Component
public class RotationSteps {

  public record RotationState(boolean done, List<String> restartedNow, List<String> waitingFor) {}

  private final ClusterClouds clouds;
  private final int maxParallel;

  public RotationSteps(ClusterClouds clouds, @Value("${occm.migration.rotation-parallelism:1}") int maxParallel) {
    this.clouds = clouds;
    this.maxParallel = Math.max(1, maxParallel);
  }

  /**
   * Restarts the MachineDeployments this migration has not restarted yet, keeping at most
   * maxParallel rollouts under way, and says whether every worker now runs with the external provider.
   */
  public RotationState rotate(String clusterId, String migrationId, long nowNanos) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    List<MachineDeploymentStatus> deployments = user.machineDeployments();
    long underWay = deployments.stream().filter(md -> migrationId.equals(md.rotatedBy()) && !md.rolloutComplete()).count();
    List<String> restarted = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (MachineDeploymentStatus md : deployments) {
      if (!migrationId.equals(md.rotatedBy())) {
        if (underWay < maxParallel && user.restartMachineDeployment(md.name(), migrationId, nowNanos)) {
          restarted.add(md.name());
          underWay++;
        }
        waiting.add(md.name() + ": " + (restarted.contains(md.name()) ? "restarted" : "waiting for its turn"));
      } else if (!md.rolloutComplete()) {
        waiting.add(md.name() + ": " + md.updatedReplicas() + "/" + md.specReplicas() + " updated, "
            + md.availableReplicas() + " available");
      }
    }
    if (waiting.isEmpty()) {
      List<String> notMigrated = new ArrayList<>(user.machinesNotMigrated());
      List<String> unmanaged = notMigrated.stream().filter(user.machinesWithoutMachineDeployment()::contains).toList();
      notMigrated.removeAll(unmanaged);
      if (!unmanaged.isEmpty()) {
        waiting.add("Machines not managed by a MachineDeployment lack the external-provider kubelet flag: "
            + String.join(", ", unmanaged) + ". Check: rotation cannot replace them; replace them by hand");
      }
      if (!notMigrated.isEmpty()) {
        waiting.add("Machines without the external-provider kubelet flag: " + String.join(", ", notMigrated)
            + ". Check: the machine-controller webhook on the seed stamps new Machines");
      }
    }
    return new RotationState(waiting.isEmpty(), restarted, waiting);
  }
}
