package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import org.occmmigrator.openstack.OpenStackTransientException;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.PersistentVolumeStatus;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/** Persistent volumes after the switch to Cinder CSI (DOMAIN.md §3, volumes). */
@Component
public class VolumeSteps {

  public record VolumeReport(int volumes, int inTree, List<String> reannotated, int defaultStorageClasses) {}

  private final ClusterClouds clouds;

  public VolumeSteps(ClusterClouds clouds) {
    this.clouds = clouds;
  }

  /**
   * Every in-tree Cinder PV must be handled by CSI migration; those still marked as provisioned by the
   * in-tree plugin are re-annotated so they stay deletable. A PV not yet migrated is a transient fault:
   * the job retries and ends in an incident naming it.
   */
  public VolumeReport verify(String clusterId) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    List<PersistentVolumeStatus> volumes = user.persistentVolumes();
    List<String> notMigrated = volumes.stream().filter(v -> v.inTreeCinder()
        && !PersistentVolumeStatus.CINDER_CSI.equals(v.migratedTo())).map(PersistentVolumeStatus::name).toList();
    if (!notMigrated.isEmpty()) {
      throw new OpenStackTransientException("Volumes not yet handled by Cinder CSI in cluster " + clusterId + ": "
          + String.join(", ", notMigrated) + ". Check the csi-cinder-controllerplugin in the user cluster.");
    }
    List<String> reannotated = new ArrayList<>();
    for (PersistentVolumeStatus volume : volumes) {
      if (PersistentVolumeStatus.IN_TREE_CINDER.equals(volume.provisionedBy()) && user.reannotateInTreeVolume(volume.name())) {
        reannotated.add(volume.name());
      }
    }
    int inTree = (int) volumes.stream().filter(PersistentVolumeStatus::inTreeCinder).count();
    return new VolumeReport(volumes.size(), inTree, reannotated, user.defaultStorageClasses());
  }
}
