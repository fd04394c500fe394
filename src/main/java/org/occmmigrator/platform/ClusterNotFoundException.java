package org.occmmigrator.platform;

/** No KKP Cluster object with that id exists on the seed. */
public class ClusterNotFoundException extends PlatformException {

  public ClusterNotFoundException(String clusterId) {
    super("Cluster '" + clusterId + "' does not exist on the seed", false);
  }
}
