package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.openstack.CloudEvent;
import org.occmmigrator.sandbox.openstack.FaultInjector.FaultRate;
import org.occmmigrator.testsupport.ApplicationLog;
import org.occmmigrator.testsupport.ApplicationLog.ExpectedError;
import org.occmmigrator.testsupport.FaultyMigrations;
import org.occmmigrator.testsupport.FaultyMigrations.Outcome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A flaky cloud, as issue #13 measured it: one OpenStack request and one Kubernetes request in five fails (5xx, a
 * dropped connection or a lost answer, 409/429 busy, a slow answer), for the application and the simulated controllers
 * alike, while berlin-shop (FIP move, pinned FIP, DNS) and hamburg-media (pinned FIP, internal load balancer) migrate
 * at the same time. Nobody but the handover engineer acts: no incident, no retry by hand, and every side effect once.
 *
 * <p>The retry cycle is shortened to seconds (the shipped one backs off over minutes): with the in-call retry as the
 * first line, a failed job run should be rare, and a short second line makes the test stricter, not looser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "occm.data-dir=target/faults-e2e-data",
    // a Kubernetes answer withheld by the sandbox (its dropped connection) counts as lost after 1 s, not fabric8's 10 s
    "occm.platform.request-timeout=PT1S",
    "occm.migration.timers.retry-cycle=PT1S,PT2S,PT4S"})
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@ExtendWith(OutputCaptureExtension.class)
class CloudFaultsEndToEndTest {

  /** The customer's addresses that are moved onto the new load balancers (pinned or moved). */
  private static final List<String> MOVED_IPS = List.of("198.51.100.21", "198.51.100.22", "198.51.100.30");

  @LocalServerPort int port;
  @Autowired SandboxCloud sandbox;
  @Autowired HistoryService historyService;
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void noUnexpectedErrorInTheLog(CapturedOutput log) {
    ApplicationLog.assertNoUnexpectedErrors(log, List.of(
        // Camunda logs each failed run of a job at ERROR (ENGINE-16004), also one its retry cycle then runs again: a
        // request that failed five times in a row (about 1 in 3,000 at 20 %) fails a run; an incident fails the test
        ExpectedError.of("a job run failed on a fault that outlasted the in-call retry",
            "ENGINE-16004 Exception while closing command context: (OpenStack: cannot|Cannot .* (in cluster|on the seed))")));
  }

  @Test
  void migrationsCompleteWithoutAnOperatorUnderTwentyPercentFaults() throws Exception {
    Instant started = Instant.now();
    sandbox.setFaultRates(FaultRate.of(0.2, 2026), FaultRate.of(0.2, 13));
    Outcome outcome;
    try {
      outcome = new FaultyMigrations(port, sandbox, historyService).run(List.of(
          "{\"clusterId\":\"berlin-shop\",\"confirmed\":true,\"handovers\":{\"shop/api\":\"MOVE_FIP\","
              + "\"payments/gateway\":\"PIN_FIP\"}}",
          "{\"clusterId\":\"hamburg-media\",\"confirmed\":true}"), Duration.ofMinutes(3));
    } finally {
      sandbox.setFaultRates(null, null);
    }
    System.out.println("faults-e2e: " + outcome.summary(Duration.between(started, Instant.now())));

    assertThat(outcome.incidents()).as("no incident, ever: nobody was paged").isZero();
    assertThat(outcome.completed()).as("both completed; not: " + outcome.unfinished()).isEqualTo(2);
    assertThat(outcome.openStack().failed()).as("the OpenStack faults hit").isGreaterThan(20);
    assertThat(outcome.kubernetes().failed()).as("the Kubernetes faults hit").isGreaterThan(20);

    // --- each side effect exactly once, by the emulator's event log
    var openStack = sandbox.openStack();
    Map<String, Long> octaviaCreated = openStack.events("loadbalancer.created").stream()
        .filter(e -> "octavia".equals(e.details().get("api")))
        .collect(Collectors.groupingBy(e -> e.details().get("name"), LinkedHashMap::new, Collectors.counting()));
    assertThat(octaviaCreated).as("one Octavia load balancer per Service, though OCCM's POSTs lost answers too")
        .hasSize(5).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
    for (String ip : MOVED_IPS) {
      List<CloudEvent> moves = openStack.events("floatingip.port_changed").stream()
          .filter(e -> ip.equals(e.details().get("address")) && !e.details().get("from").isEmpty()
              && !e.details().get("to").isEmpty()).toList();
      assertThat(moves).as("one move of " + ip).hasSize(1);
      var served = openStack.dataPlane(ip, ip.endsWith(".21") || ip.endsWith(".30") ? 443 : 8443);
      assertThat(served.served()).as(ip + " is served").isTrue();
      assertThat(served.api()).as(ip + " by its new load balancer").isEqualTo("octavia");
    }
    Function<CloudEvent, String> id = e -> e.details().get("id");
    List<CloudEvent> oldDeleted = awaitOldLoadBalancersDeleted(5);
    assertThat(oldDeleted.stream().map(id).distinct()).as("one delete per old load balancer").hasSize(5);
    List<String> released = openStack.events("floatingip.deleted").stream().map(e -> e.details().get("address")).toList();
    assertThat(released).as("no floating IP released twice").doesNotHaveDuplicates()
        .as("no moved customer IP released").doesNotContainAnyElementsOf(MOVED_IPS);
  }

  /** Old (LBaaS) load balancers are deleted asynchronously (PENDING_DELETE first). */
  private List<CloudEvent> awaitOldLoadBalancersDeleted(int count) {
    Instant deadline = Instant.now().plusSeconds(10);
    List<CloudEvent> deleted = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      deleted = sandbox.openStack().events("loadbalancer.deleted").stream()
          .filter(e -> !e.details().get("name").startsWith("kube_service_")).toList();
      if (deleted.size() >= count) {
        break;
      }
      sleep(100);
    }
    return deleted;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
