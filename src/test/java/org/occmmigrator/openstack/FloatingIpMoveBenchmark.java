package org.occmmigrator.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.occmmigrator.platform.OpenStackCredentials;
import org.occmmigrator.testsupport.RequiredTool;
import org.openstack4j.model.network.NetFloatingIP;

/**
 * On the real rig: how long the customer's floating IP is on no port during the product's move (one PUT) and during
 * the guide's manual procedure ({@code openstack floating ip unset --port}, then {@code openstack floating ip set
 * --port}), seen by a poller that reads the FIP as fast as Neutron answers. A benchmark (tag benchmark): run with
 * {@code mvn -o test -Dtest=FloatingIpMoveBenchmark -Dbenchmarks=true}; numbers in docs/benchmarks.md.
 */
@Tag("benchmark")
class FloatingIpMoveBenchmark {

  private static final int ROUNDS = 5;

  CloudFixture cloud;
  OpenStackTarget target;

  @BeforeEach
  void rig() {
    target = new RigContractTest().startTarget();
    RequiredTool.require(RequiredTool.onPath("openstack"), "the openstack CLI is needed for the manual procedure "
        + "(apt-get install python3-openstackclient)");
    cloud = new CloudFixture(target);
  }

  @AfterEach
  void cleanUp() {
    if (cloud != null) {
      cloud.close();
    }
  }

  /** One observation of the poller. */
  record Read(long nanos, String portId) {}

  /** What the poller saw: the window from the last read on the old port to the first on the new, and the reads. */
  record Window(Duration unattached, int readsOnNoPort, Duration pollInterval, Duration call) {}

  @Test
  void unattachedWindowOfTheProductsMoveAndOfTheManualProcedure() throws Exception {
    String oldPort = cloud.port("old-vip").getId();
    String newPort = cloud.port("new-vip").getId();
    NetFloatingIP customer = cloud.floatingIp(oldPort, "");
    String address = customer.getFloatingIpAddress();
    OpenStackProject project = new OpenStackProject(new OpenStackSessions(Clock.systemUTC(), Duration.ofSeconds(30)),
        new ProjectAccess(target.authUrl(), "RegionOne", "public", target.member()), Clock.systemUTC(), target.settleTime());

    List<Window> product = new ArrayList<>();
    List<Window> manual = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      product.add(observe(customer.getId(), oldPort, newPort, () -> project.moveFloatingIp(address, newPort)));
      project.moveFloatingIp(address, oldPort);
      manual.add(observe(customer.getId(), oldPort, newPort, () -> {
        cli("floating", "ip", "unset", "--port", customer.getId());
        cli("floating", "ip", "set", "--port", newPort, customer.getId());
      }));
      project.moveFloatingIp(address, oldPort);
    }
    print("product (one PUT)", product);
    print("manual (CLI unset + set)", manual);
    double productMean = product.stream().mapToLong(w -> w.unattached().toMillis()).average().orElse(0);
    double manualMean = manual.stream().mapToLong(w -> w.unattached().toMillis()).average().orElse(0);
    System.out.printf("fip-unattached: ratio manual/product = %s%n",
        productMean == 0 ? "infinite (the product's move never left the IP on no port)" : String.format("%.1f", manualMean / productMean));
  }

  private Window observe(String fipId, String oldPort, String newPort, Runnable move) throws Exception {
    List<Read> reads = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    String token = cloud.os().getToken().getId();
    String url = cloud.networkUrl() + "/v2.0/floatingips/" + fipId;
    Thread poller = new Thread(() -> {
      while (!done.get()) {
        JsonNode fip = cloud.read(cloud.send("GET", url, null, Map.of(), token).body()).path("floatingip");
        reads.add(new Read(System.nanoTime(), fip.path("port_id").isNull() ? null : fip.path("port_id").asText()));
      }
    });
    poller.start();
    CloudFixture.sleep(500);
    long started = System.nanoTime();
    move.run();
    long ended = System.nanoTime();
    CloudFixture.sleep(500);
    done.set(true);
    poller.join();
    List<Read> seen = List.copyOf(reads);
    long lastOld = seen.stream().filter(r -> oldPort.equals(r.portId())).mapToLong(Read::nanos).max().orElseThrow();
    long firstNew = seen.stream().filter(r -> newPort.equals(r.portId()) && r.nanos() > lastOld).mapToLong(Read::nanos)
        .min().orElseThrow();
    int onNoPort = (int) seen.stream().filter(r -> r.portId() == null).count();
    long interval = seen.size() < 2 ? 0 : (seen.get(seen.size() - 1).nanos() - seen.get(0).nanos()) / (seen.size() - 1);
    // never seen on no port: the address went from one port to the other in one step; otherwise read to read
    Duration unattached = onNoPort == 0 ? Duration.ZERO : Duration.ofNanos(firstNew - lastOld);
    return new Window(unattached, onNoPort, Duration.ofNanos(interval), Duration.ofNanos(ended - started));
  }

  private static void print(String what, List<Window> windows) {
    for (Window w : windows) {
      System.out.printf("fip-unattached: %s: unattached %d ms (%d reads on no port; poll every %d ms), call(s) %d ms%n", what,
          w.unattached().toMillis(), w.readsOnNoPort(), w.pollInterval().toMillis(), w.call().toMillis());
    }
    System.out.printf("fip-unattached: %s: mean unattached %.0f ms, mean call(s) %.0f ms%n", what,
        windows.stream().mapToLong(w -> w.unattached().toMillis()).average().orElse(0),
        windows.stream().mapToLong(w -> w.call().toMillis()).average().orElse(0));
  }

  private void cli(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openstack"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    var env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("OS_"));
    OpenStackCredentials member = target.member();
    env.put("OS_AUTH_URL", target.authUrl());
    env.put("OS_USERNAME", member.username());
    env.put("OS_PASSWORD", member.password());
    env.put("OS_PROJECT_NAME", member.projectName());
    env.put("OS_USER_DOMAIN_NAME", member.domain());
    env.put("OS_PROJECT_DOMAIN_NAME", member.domain());
    env.put("OS_IDENTITY_API_VERSION", "3");
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (java.io.IOException | InterruptedException failed) {
      throw new IllegalStateException(String.join(" ", command) + " failed", failed);
    }
  }
}
