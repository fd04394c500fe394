package org.occmmigrator.openstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.occmmigrator.platform.OpenStackCredentials;
import org.occmmigrator.testsupport.RequiredTool;

/**
 * The adapter's contract against a real OpenStack Zed: the rig of src/test/openstack-rig (Keystone, Neutron with the
 * LBaaS v2 paths, Octavia on 127.0.0.1; README there). Runs in {@code mvn -B verify} whenever the rig answers; CI
 * (CI=true) brings it up first and fails here if it is not there; locally it is skipped with how to start it.
 * Objects are created in the rig's demo project with names unique to the run and removed afterwards.
 */
@Tag("openstack-rig")
class RigContractTest extends OpenStackContract {

  static final String AUTH_URL = System.getProperty("occm.rig.auth-url", "http://127.0.0.1:5000/v3");

  @Override
  OpenStackTarget startTarget() {
    RequiredTool.require(rigAnswers(), "the real OpenStack rig is not running on 127.0.0.1:5000/9696/9876; start it with "
        + "`bash src/test/openstack-rig/up.sh` (as root: it installs Debian's Keystone, Neutron and Octavia packages the "
        + "first time, about 5 min; later starts take about 30 s)");
    return new OpenStackTarget() {
      @Override
      public String authUrl() {
        return AUTH_URL;
      }

      @Override
      public OpenStackCredentials member() {
        return new OpenStackCredentials("demo", "demo-pass", null, "demo", "Default", null, null);
      }

      @Override
      public OpenStackCredentials otherProject() {
        return new OpenStackCredentials("admin", "admin-pass", null, "admin", "Default", null, null);
      }

      @Override
      public String tenantNetworkName() {
        return "private";
      }

      @Override
      public Duration settleTime() {
        return Duration.ofSeconds(90); // the README measures 0.7–2.8 s; a loaded CI machine is slower
      }

      @Override
      public void close() {}
    };
  }

  /** Keystone, the network endpoint and Octavia all accept connections. */
  static boolean rigAnswers() {
    for (int port : List.of(5000, 9696, 9876)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (IOException closed) {
        return false;
      }
    }
    return true;
  }
}
