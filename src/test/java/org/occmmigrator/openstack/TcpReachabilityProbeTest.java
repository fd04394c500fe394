package org.occmmigrator.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpReachabilityProbeTest {

  private final TcpReachabilityProbe probe = new TcpReachabilityProbe(Duration.ofSeconds(1));

  @Test
  void anAddressThatAcceptsConnectionsIsServed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(probe.served("127.0.0.1", server.getLocalPort())).isTrue();
    }
  }

  @Test
  void aClosedPortIsNotServed() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    assertThat(probe.served("127.0.0.1", port)).isFalse();
  }
}
