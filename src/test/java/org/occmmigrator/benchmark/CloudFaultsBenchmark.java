package org.occmmigrator.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.openstack.FaultInjector.FaultRate;
import org.occmmigrator.testsupport.FaultyMigrations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How a flaky cloud is absorbed at scale: N migrations side by side (default 6, {@code -Dfault.migrations=N}; half of
 * them like berlin-shop — FIP move, pinned FIP, DNS —, half like hamburg-media — pinned FIP, internal load balancer,
 * application credential) while 20 % of OpenStack and 20 % of Kubernetes requests fail. An incident is retried as the
 * support engineer would, and counted. Prints the fault rate, requests failed, failed job runs, incidents, completions
 * and minutes; asserts nothing. Results in docs/benchmarks.md. The shipped retry cycle (10 s, 30 s, 1, 2, 5 min).
 * Run: {@code mvn -o test -Dtest=CloudFaultsBenchmark -Dbenchmarks=true}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "occm.data-dir=target/faults-benchmark-data", "occm.platform.request-timeout=PT1S"})
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
class CloudFaultsBenchmark {

  private static final int MIGRATIONS = Integer.getInteger("fault.migrations", 6);

  @LocalServerPort int port;
  @Autowired SandboxCloud sandbox;
  @Autowired HistoryService historyService;

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) throws Exception {
    Path file = Path.of("target", "fault-benchmark-platform.yaml").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, platformFile(MIGRATIONS));
    registry.add("occm.sandbox.demo-platform", () -> "file:" + file);
  }

  @Test
  void migrationsUnderTwentyPercentFaults() throws Exception {
    List<String> starts = new ArrayList<>();
    for (int i = 1; i <= MIGRATIONS; i++) {
      starts.add(i % 2 == 1
          ? "{\"clusterId\":\"berlin-" + i + "\",\"confirmed\":true,\"handovers\":{\"shop/api\":\"MOVE_FIP\","
              + "\"payments/gateway\":\"PIN_FIP\"}}"
          : "{\"clusterId\":\"hamburg-" + i + "\",\"confirmed\":true}");
    }
    Instant started = Instant.now();
    sandbox.setFaultRates(FaultRate.of(0.2, 2026), FaultRate.of(0.2, 13));
    try {
      var outcome = new FaultyMigrations(port, sandbox, historyService, true).run(starts, Duration.ofMinutes(20));
      System.out.println("faults-benchmark: fault rate 20 % (OpenStack and Kubernetes); "
          + outcome.summary(Duration.between(started, Instant.now())) + (outcome.unfinished().isEmpty() ? ""
          : "; unfinished: " + outcome.unfinished()));
    } finally {
      sandbox.setFaultRates(null, null);
    }
  }

  /** n clusters alternating between the demo's berlin-shop and hamburg-media, each in its own project. */
  private static String platformFile(int n) {
    StringBuilder yaml = new StringBuilder("clusters:\n");
    for (int i = 1; i <= n; i++) {
      int ip = 100 + 4 * i;
      if (i % 2 == 1) {
        yaml.append("""
              - id: berlin-%1$d
                apiGroup: kubermatic.k8c.io
                version: 1.21.14
                provider: openstack
                externalCloudProvider: false
                openstack: { project: berlin-%1$d, username: svc-berlin-%1$d, password: Sandbox-Berlin-%1$d! }
                services:
                  - { namespace: shop, name: frontend, ports: [80, 443], nodePort: 30080, oldIp: 198.51.100.%2$d, hostname: shop-%1$d.berlin.example }
                  - { namespace: shop, name: api, ports: [443], nodePort: 30443, oldIp: 198.51.100.%3$d }
                  - { namespace: payments, name: gateway, ports: [8443], nodePort: 31443, oldIp: 198.51.100.%4$d }
                volumes:
                  - { name: pv-shop-db, claim: shop/db, size: 20Gi }
                machineDeployments:
                  - { name: workers-a, replicas: 2 }
                  - { name: workers-b, replicas: 1 }
            """.formatted(i, ip, ip + 1, ip + 2));
      } else {
        yaml.append("""
              - id: hamburg-%1$d
                apiGroup: kubermatic.k8s.io
                version: 1.20.15
                provider: openstack
                externalCloudProvider: false
                openstack: { project: hamburg-%1$d, applicationCredentialId: ac-hamburg-%1$d, applicationCredentialSecret: Sandbox-Hamburg-%1$d!, username: svc-hamburg-%1$d, password: Sandbox-Hamburg-Pw-%1$d! }
                services:
                  - { namespace: media, name: streaming, ports: [443], nodePort: 30444, oldIp: 198.51.100.%2$d, loadBalancerIP: 198.51.100.%2$d }
                  - { namespace: media, name: transcoder, ports: [9000], nodePort: 30900, internal: true }
                volumes:
                  - { name: pv-media-cache, claim: media/cache, size: 100Gi }
                machineDeployments:
                  - { name: workers, replicas: 2 }
            """.formatted(i, ip));
      }
    }
    return yaml.toString();
  }
}
