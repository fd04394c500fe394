package org.occmmigrator.process;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;

/** The JVM's resolver (note: the JVM caches answers; networkaddress.cache.ttl bounds that). */
public class SystemHostResolver implements HostResolver {

  @Override
  public List<String> addresses(String hostname) {
    try {
      return Stream.of(InetAddress.getAllByName(hostname)).map(InetAddress::getHostAddress).toList();
    } catch (UnknownHostException unknown) {
      return List.of();
    }
  }
}
