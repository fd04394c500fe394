package org.occmmigrator.openstack;

import java.time.Clock;
import java.time.Duration;
import org.occmmigrator.platform.OpenStackCredentials;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;

/** The adapter's contract against the sandbox's OpenStack emulator (real HTTP on loopback); every build. */
class EmulatorContractTest extends OpenStackContract {

  /**
   * Known infidelity, not fixed: the JDK's HttpServer, which the emulator runs on, rewrites every response header
   * name to "First-letter-only" ("X-subject-token"); only another HTTP server would keep Keystone's spelling. Every
   * client in use (openstack4j/okhttp, python-requests, curl) matches names case-insensitively, as HTTP says.
   */
  @Override
  boolean spellsHeaderNamesExactly() {
    return false;
  }

  @Override
  OpenStackTarget startTarget() {
    OpenStackEmulator emulator = new OpenStackEmulator(Clock.systemUTC(), Duration.ofMillis(100)).start(0);
    String projectId = emulator.createProject("contract", "Default", "tester", "Tester-Pass-1!");
    emulator.createProject("other", "Default", "other", "Other-Pass-1!");
    emulator.setQuota(projectId, "floatingip", 50);
    return new OpenStackTarget() {
      @Override
      public String authUrl() {
        return emulator.authUrl();
      }

      @Override
      public OpenStackCredentials member() {
        return new OpenStackCredentials("tester", "Tester-Pass-1!", null, "contract", "Default", null, null);
      }

      @Override
      public OpenStackCredentials otherProject() {
        return new OpenStackCredentials("other", "Other-Pass-1!", null, "other", "Default", null, null);
      }

      @Override
      public String tenantNetworkName() {
        return "kubernetes-contract";
      }

      @Override
      public Duration settleTime() {
        return Duration.ofSeconds(5);
      }

      @Override
      public void close() {
        emulator.close();
      }
    };
  }
}
