package org.occmmigrator.process;

import java.time.Clock;
import java.time.Duration;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.OpenStackSessions;
import org.occmmigrator.openstack.ProjectAccess;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.PlatformSettings;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.platform.UserCluster;
import org.occmmigrator.platform.UserClusters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The three systems a cluster's migration talks to: the seed, the user cluster, the OpenStack project. */
@Component
public class ClusterClouds {

  private final ObjectProvider<SeedCluster> seed;
  private final UserClusters userClusters;
  private final OpenStackSessions openStackSessions;
  private final PlatformSettings settings;
  private final Duration activeWait;

  public ClusterClouds(ObjectProvider<SeedCluster> seed, UserClusters userClusters, OpenStackSessions openStackSessions,
      PlatformSettings settings, @Value("${occm.openstack.load-balancer-active-wait:PT60S}") Duration activeWait) {
    this.seed = seed;
    this.userClusters = userClusters;
    this.openStackSessions = openStackSessions;
    this.settings = settings;
    this.activeWait = activeWait;
  }

  public SeedCluster seed() {
    return seed.getObject();
  }

  public KkpCluster cluster(String clusterId) {
    return seed().cluster(clusterId);
  }

  public UserCluster userCluster(KkpCluster cluster) {
    return userClusters.of(cluster);
  }

  /** The cluster's project, with the credentials read from the seed at this moment (never stored). */
  public OpenStackProject openStack(KkpCluster cluster) {
    PlatformSettings.Datacenter datacenter = settings.datacenter(cluster.datacenter());
    var access = new ProjectAccess(datacenter.authUrl(), datacenter.region(), datacenter.endpointInterface(),
        seed().openStackCredentials(cluster));
    return new OpenStackProject(openStackSessions, access, Clock.systemUTC(), activeWait);
  }
}
