package org.occmmigrator.openstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP connect to the address: some SDNs have had FIPs on Octavia VIP ports with no datapath. */
public class TcpReachabilityProbe implements ReachabilityProbe {

  private final Duration timeout;

  public TcpReachabilityProbe(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public boolean served(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      return true;
    } catch (IOException unreachable) {
      return false;
    }
  }
}
