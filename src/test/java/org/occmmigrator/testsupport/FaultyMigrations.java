package org.occmmigrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.occmmigrator.sandbox.DemoPlatform;
import org.occmmigrator.sandbox.SandboxCloud;

/**
 * Runs migrations side by side on the sandbox while it injects faults, doing only what the handover engineer does:
 * switches DNS (the sandbox's record, then the task with the hostname), approves the FIP moves and internal switches,
 * chooses "delete now" at the cleanup. Any other task (an escalation) means an operator was needed and fails at once;
 * so does an incident, unless the run measures (a benchmark): then the support engineer retries it, as the README says,
 * and it is counted. A migration not COMPLETED within the deadline is reported as unfinished.
 */
public final class FaultyMigrations {

  /**
   * What the run saw: migrations completed, incidents (open or resolved, from the history), failed job runs (each one a
   * run the retry cycle repeated), and the faults the sandbox injected.
   */
  public record Outcome(int migrations, int completed, long incidents, long failedJobRuns,
      SandboxCloud.FaultCount openStack, SandboxCloud.FaultCount kubernetes, List<String> unfinished,
      Map<String, Long> secondsPerStep) {

    /** One line with the figures for docs/benchmarks.md. */
    public String summary(Duration took) {
      return String.format("%d migrations, %d completed in %.1f min; OpenStack %d requests, %d failed (%.1f %%) %s;"
          + " Kubernetes %d requests, %d failed (%.1f %%) %s; failed job runs %d; incidents %d; seconds per step (all"
          + " migrations, 5 s or more) %s", migrations, completed,
          took.toMillis() / 60000.0, openStack.requests(), openStack.failed(), percent(openStack), openStack.faults(),
          kubernetes.requests(), kubernetes.failed(), percent(kubernetes), kubernetes.faults(), failedJobRuns, incidents,
          secondsPerStep);
    }

    private static double percent(SandboxCloud.FaultCount count) {
      return count.requests() == 0 ? 0 : 100.0 * count.failed() / count.requests();
    }
  }

  private final int port;
  private final MigrationDriver driver;
  private final SandboxCloud sandbox;
  private final HistoryService history;
  private final boolean operatorRetriesIncidents;
  private final ObjectMapper json = new ObjectMapper();

  /** An incident fails the run at once. */
  public FaultyMigrations(int port, SandboxCloud sandbox, HistoryService history) {
    this(port, sandbox, history, false);
  }

  /** {@code operatorRetriesIncidents}: an incident is retried over the engine REST API (and counted) instead. */
  public FaultyMigrations(int port, SandboxCloud sandbox, HistoryService history, boolean operatorRetriesIncidents) {
    this.port = port;
    this.driver = new MigrationDriver(port);
    this.sandbox = sandbox;
    this.history = history;
    this.operatorRetriesIncidents = operatorRetriesIncidents;
  }

  /** Starts a migration per request body ({@code POST /api/migrations}) and drives all of them to COMPLETED. */
  public Outcome run(List<String> startBodies, Duration deadline) throws Exception {
    var faultsBefore = List.of(sandbox.openStackFaultCount(), sandbox.kubernetesFaultCount());
    List<String> ids = new ArrayList<>();
    for (String body : startBodies) {
      ids.add(driver.id(driver.start(body)));
    }
    return drive(ids, deadline, faultsBefore);
  }

  /** Drives running migrations to COMPLETED, as {@link #run} does. */
  public Outcome drive(List<String> ids, Duration deadline) throws Exception {
    return drive(ids, deadline, List.of(sandbox.openStackFaultCount(), sandbox.kubernetesFaultCount()));
  }

  private Outcome drive(List<String> ids, Duration deadline, List<SandboxCloud.FaultCount> faultsBefore) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    Instant until = Instant.now().plus(deadline);
    while (Instant.now().isBefore(until) && !allCompleted(ids, states)) {
      for (String id : ids) {
        JsonNode migration = driver.migration(id);
        if (operatorRetriesIncidents && !migration.get("incidents").isEmpty()) {
          retryIncidents(id);
          continue;
        }
        assertThat(migration.get("incidents")).as("no incident: nobody may be paged, " + migration).isEmpty();
        assertThat(migration.get("state").asText()).as(migration.toString()).isIn("RUNNING", "WAITING_FOR_OPERATOR",
            "COMPLETED");
        for (JsonNode task : json.readTree(driver.get("/engine-rest/task?processInstanceId=" + id).body())) {
          answer(migration, task);
        }
      }
      MigrationDriver.sleep(250);
    }
    long incidents = 0;
    long failedRuns = 0;
    for (String id : ids) {
      incidents += history.createHistoricIncidentQuery().processInstanceId(id).count();
      failedRuns += history.createHistoricJobLogQuery().processInstanceId(id).failureLog().count();
    }
    int completed = (int) states.values().stream().filter("COMPLETED"::equals).count();
    List<String> unfinished = new ArrayList<>();
    for (String id : ids) {
      if (!"COMPLETED".equals(states.get(id))) {
        unfinished.add(driver.migration(id).toString());
      }
    }
    Map<String, Long> secondsPerStep = new java.util.TreeMap<>();
    for (String id : ids) {
      for (var step : history.createHistoricActivityInstanceQuery().processInstanceId(id).list()) {
        long millis = step.getDurationInMillis() != null ? step.getDurationInMillis()
            : System.currentTimeMillis() - step.getStartTime().getTime();
        secondsPerStep.merge(step.getActivityId(), millis / 1000, Long::sum);
      }
    }
    secondsPerStep.values().removeIf(seconds -> seconds < 5);
    return new Outcome(ids.size(), completed, incidents, failedRuns,
        minus(sandbox.openStackFaultCount(), faultsBefore.get(0)), minus(sandbox.kubernetesFaultCount(), faultsBefore.get(1)),
        unfinished, secondsPerStep);
  }

  /** What the support engineer does with an incident: retry its job now (README, "Use it"). */
  private void retryIncidents(String id) throws Exception {
    String now = new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(new java.util.Date());
    for (JsonNode job : json.readTree(driver.get("/engine-rest/job?processInstanceId=" + id + "&noRetriesLeft=true").body())) {
      var retried = ApiClient.put(port, "support", "/engine-rest/job/" + job.get("id").asText() + "/retries",
          "{\"retries\":1,\"dueDate\":\"" + now + "\"}");
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);
    }
  }

  private boolean allCompleted(List<String> ids, Map<String, String> states) throws Exception {
    for (String id : ids) {
      states.put(id, driver.migration(id).get("state").asText());
    }
    return states.values().stream().allMatch("COMPLETED"::equals);
  }

  /** What the handover engineer does with each kind of task; anything else means the migration needed an operator. */
  private void answer(JsonNode migration, JsonNode task) throws Exception {
    String clusterId = migration.get("clusterId").asText();
    String taskId = task.get("id").asText();
    switch (task.get("taskDefinitionKey").asText()) {
      case "Task_SwitchDns" -> {
        JsonNode details = driver.variable(taskId, "details");
        String hostname = hostname(clusterId, details.get("service").asText());
        if (hostname == null) {
          driver.complete(taskId, Map.of("handoverDecision", "DONE"));
        } else {
          sandbox.setDnsRecord(hostname, details.get("newIp").asText()); // the customer switches DNS
          driver.complete(taskId, Map.of("handoverDecision", "DONE", "dnsHostname", hostname));
        }
      }
      case "Task_ApproveFloatingIpMove", "Task_SwitchInternalConsumers" ->
          driver.complete(taskId, Map.of("handoverDecision", "DONE"));
      case "Task_DecideCleanup" -> driver.complete(taskId, Map.of("cleanup", "DELETE_NOW"));
      default -> throw new AssertionError("an operator was needed: " + task.get("name").asText() + " in " + migration);
    }
  }

  private String hostname(String clusterId, String service) {
    return sandbox.platform().clusters().stream().filter(c -> c.id().equals(clusterId))
        .flatMap(c -> c.services().stream()).filter(s -> s.key().equals(service)).map(DemoPlatform.Service::hostname)
        .filter(h -> h != null).findFirst().orElse(null);
  }

  private static SandboxCloud.FaultCount minus(SandboxCloud.FaultCount after, SandboxCloud.FaultCount before) {
    var faults = new LinkedHashMap<>(after.faults());
    faults.replaceAll((kind, count) -> count - before.faults().get(kind));
    return new SandboxCloud.FaultCount(after.requests() - before.requests(), faults);
  }
}
