package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.occmmigrator.testsupport.ApiClient;
import org.occmmigrator.testsupport.ApplicationLog;
import org.occmmigrator.testsupport.ApplicationLog.ExpectedError;
import org.occmmigrator.testsupport.FaultyMigrations;
import org.occmmigrator.testsupport.MigrationDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Octavia goes down for longer than the retry cycle while hamburg-media waits for its new load balancers: the step
 * pages once — one incident, whose message says what to check — the simulated OCCM waits (WARN, no ERROR), and once
 * Octavia is back, one retry by the support engineer lets the migration complete.
 *
 * <p>The retry cycle is shortened through its property (occm.migration.timers.retry-cycle, the model reads it with
 * {@code ${migrationTimers.retryCycle}}): two more attempts a second apart instead of five over nine minutes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "occm.data-dir=target/outage-e2e-data", "occm.migration.timers.retry-cycle=PT1S,PT1S"})
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@ExtendWith(OutputCaptureExtension.class)
class CloudOutageEndToEndTest {

  @LocalServerPort int port;
  @Autowired SandboxCloud sandbox;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;

  @AfterEach
  void noUnexpectedErrorInTheLog(CapturedOutput log) {
    ApplicationLog.assertNoUnexpectedErrors(log, List.of(
        // Camunda logs each failed run of a job at ERROR (ENGINE-16004): the three runs of the check while Octavia is down
        ExpectedError.of("the Octavia outage fails the check of the new load balancers",
            "ENGINE-16004 Exception while closing command context: OpenStack: cannot .*HTTP 503")));
  }

  @Test
  void aPersistentOutageRaisesOneIncidentPerStepAndARetryAfterRecoveryCompletes(CapturedOutput log) throws Exception {
    var driver = new MigrationDriver(port);
    String id = driver.id(driver.start("{\"clusterId\":\"hamburg-media\",\"confirmed\":true}"));
    awaitTrigger("hamburg-media");
    // Octavia is down: every request to the load-balancer endpoint, the application's and OCCM's, answers 503
    sandbox.openStack().faults().add(FaultInjector.Rule.status(".*", "^/load-balancer/", 503, 0));
    Job check;
    try {
      JsonNode paged = driver.awaitState(id, "INCIDENT");
      assertThat(paged.get("incidents")).as("one incident").hasSize(1);
      assertThat(paged.get("incidents").get(0).asText()).as("what failed and what to check")
          .startsWith("Task_CheckLoadBalancers: OpenStack: cannot").contains("HTTP 503")
          .contains("Check: that the OpenStack API of the cluster's datacenter answers (Keystone, Neutron, Octavia)");
      MigrationDriver.sleep(3000); // still down: nothing else pages, the incident is not repeated
      assertThat(historyService.createHistoricIncidentQuery().processInstanceId(id).list())
          .extracting(HistoricIncident::getActivityId).as("one incident per affected step").containsExactly("Task_CheckLoadBalancers");
      assertThat(log.getAll()).as("the sandbox's OCCM waits for Octavia and says so")
          .contains("Sandbox OCCM (hamburg-media): media/streaming not served");
      check = managementService.createJobQuery().processInstanceId(id).withException().singleResult();
      assertThat(check.getRetries()).as("the retry cycle is used up").isZero();
    } finally {
      sandbox.openStack().faults().clear(); // Octavia is back
    }

    // the support engineer retries the incident now (its job's next attempt would lie in the past anyway)
    String now = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(new Date());
    HttpResponse<String> retried = ApiClient.put(port, "support", "/engine-rest/job/" + check.getId() + "/retries",
        "{\"retries\":1,\"dueDate\":\"" + now + "\"}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);

    var outcome = new FaultyMigrations(port, sandbox, historyService).drive(List.of(id), Duration.ofSeconds(90));
    assertThat(outcome.completed()).as("completed after the retry; not: " + outcome.unfinished()).isEqualTo(1);
    assertThat(outcome.incidents()).as("the one incident, resolved; no other").isEqualTo(1);
    assertThat(historyService.createHistoricIncidentQuery().processInstanceId(id).resolved().count()).isEqualTo(1);
  }

  /** Waits until KKP saw the trigger: the migration is past the checks that read Octavia before it. */
  private void awaitTrigger(String clusterId) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (sandbox.cluster(clusterId).phase().equals("IN_TREE")) {
      assertThat(Instant.now()).as("the trigger within 60 s").isBefore(deadline);
      MigrationDriver.sleep(20);
    }
  }
}
