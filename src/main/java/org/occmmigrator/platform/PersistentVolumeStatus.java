package org.occmmigrator.platform;

/** A PersistentVolume and how it is handled: in-tree Cinder, migrated to CSI, or CSI-provisioned. */
public record PersistentVolumeStatus(String name, boolean inTreeCinder, String provisionedBy, String migratedTo) {

  public static final String CINDER_CSI = "cinder.csi.openstack.org";
  public static final String IN_TREE_CINDER = "kubernetes.io/cinder";

  /** True when the in-tree plugin is no longer needed for it (KubeOne's re-annotation done). */
  public boolean handledByCsi() {
    return !IN_TREE_CINDER.equals(provisionedBy) && (!inTreeCinder || CINDER_CSI.equals(migratedTo));
  }
}
