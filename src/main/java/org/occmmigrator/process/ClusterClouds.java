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

  /** How long one job waits for Neutron in total unless occm.openstack.load-balancer-active-wait says otherwise. */
  static final String DEFAULT_LOAD_BALANCER_WAIT = "PT30S";

  private final ObjectProvider<SeedCluster> seed;
  private final UserClusters userClusters;
  private final OpenStackSessions openStackSessions;
  private final PlatformSettings settings;
  private final Duration activeWait;

  /**
   * {@code activeWait} is how long one job waits for Neutron in total (the longest job: deleting an old load balancer,
   * about 15 calls with a wait for ACTIVE after each mutation and for 404 at the end; its other calls take well under
   * a second each). It must leave at least half of Camunda's job lock ({@code jobLockMillis}) to the job's calls: a job
   * still running when its lock expires is taken over by another node and runs twice at once, and the lock is kept
   * short because a node that dies holding a job delays its migration until the lock expires.
   *
   * @throws IllegalStateException when the wait takes more than half of the lock
   */
  public ClusterClouds(ObjectProvider<SeedCluster> seed, UserClusters userClusters, OpenStackSessions openStackSessions,
      PlatformSettings settings,
      @Value("${occm.openstack.load-balancer-active-wait:" + DEFAULT_LOAD_BALANCER_WAIT + "}") Duration activeWait,
      @Value("${camunda.bpm.job-execution.lock-time-in-millis:300000}") long jobLockMillis) {
    requireWaitWithinJobLock(activeWait, Duration.ofMillis(jobLockMillis));
    this.seed = seed;
    this.userClusters = userClusters;
    this.openStackSessions = openStackSessions;
    this.settings = settings;
    this.activeWait = activeWait;
  }

  static void requireWaitWithinJobLock(Duration activeWait, Duration jobLock) {
    if (activeWait.multipliedBy(2).compareTo(jobLock) > 0) {
      throw new IllegalStateException("occm.openstack.load-balancer-active-wait (" + activeWait + ") must be at most half"
          + " of camunda.bpm.job-execution.lock-time-in-millis (" + jobLock.toMillis() + " ms): a job that outlives its"
          + " lock runs a second time on another node. Lower the wait or raise the lock");
    }
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
