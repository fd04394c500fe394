package org.occmmigrator.openstack;

import java.time.Duration;
import org.occmmigrator.platform.OpenStackCredentials;

/**
 * Where the adapter's contract runs: the sandbox's emulator (every build) or the real OpenStack Zed rig
 * (src/test/openstack-rig; CI). Only what differs between the two is here; every object a test needs is created
 * through the public APIs by {@link CloudFixture}.
 */
interface OpenStackTarget extends AutoCloseable {

  /** The Keystone v3 URL (a datacenter's auth URL). */
  String authUrl();

  /** Password credentials of a member of the test project. */
  OpenStackCredentials member();

  /** Password credentials of a member of another project (tenant isolation). */
  OpenStackCredentials otherProject();

  /** The test project's network that has a router to the external network (FIPs can be attached on it). */
  String tenantNetworkName();

  /** The longest a load balancer takes to settle (PENDING_* to ACTIVE, or to 404 after a delete). */
  Duration settleTime();

  @Override
  void close();
}
