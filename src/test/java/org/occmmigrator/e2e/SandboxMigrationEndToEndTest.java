package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.sandbox.openstack.CloudEvent;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import org.occmmigrator.testsupport.ApiClient;
import org.occmmigrator.testsupport.ApplicationLog;
import org.occmmigrator.testsupport.ApplicationLog.ExpectedError;
import org.occmmigrator.testsupport.MigrationDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A support engineer migrates the sandbox's berlin-shop cluster: started over the REST API, every
 * task completed over the engine REST API as Tasklist does, and the end state checked in the cloud.
 * And an OpenStack outage during another migration: an incident that says what to check, then a retry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "occm.data-dir=target/e2e-data")
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@ExtendWith(OutputCaptureExtension.class)
class SandboxMigrationEndToEndTest {

  private static final String CLUSTER = "berlin-shop";
  private static final ResourceDefinitionContext MACHINES = new ResourceDefinitionContext.Builder().withGroup("cluster.k8s.io")
      .withVersion("v1alpha1").withKind("Machine").withPlural("machines").withNamespaced(true).build();

  @LocalServerPort int port;
  @Autowired SandboxCloud sandbox;
  @Autowired ManagementService managementService;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  /** The ERROR lines the running test provokes on purpose; any other fails it (see noUnexpectedErrorInTheLog). */
  private final List<ExpectedError> expectedErrors = new ArrayList<>();

  @AfterEach
  void noUnexpectedErrorInTheLog(CapturedOutput log) {
    ApplicationLog.assertNoUnexpectedErrors(log, expectedErrors);
  }

  @Test
  void supportEngineerMigratesAClusterWithMixedHandovers(CapturedOutput log) throws Exception {
    var user = sandbox.userClusterClient(CLUSTER);
    Set<String> machinesBefore = machineNames();
    Map<String, String> oldIps = Map.of("shop/frontend", "198.51.100.20", "shop/api", "198.51.100.21",
        "payments/gateway", "198.51.100.22");

    // The DNS-path service must be served the whole time until the customer switched DNS.
    AtomicBoolean dnsServiceWatched = new AtomicBoolean(true);
    List<String> dnsServiceGaps = new CopyOnWriteArrayList<>();
    Thread watcher = new Thread(() -> {
      while (dnsServiceWatched.get()) {
        var view = sandbox.openStack().dataPlane("198.51.100.20", 80);
        if (!view.served()) {
          dnsServiceGaps.add(Instant.now() + " " + view.reason());
        }
        sleep(20);
      }
    });
    watcher.start();

    HttpResponse<String> started = post("/api/migrations", "{\"clusterId\":\"berlin-shop\",\"confirmed\":true,"
        + "\"handovers\":{\"shop/api\":\"MOVE_FIP\",\"payments/gateway\":\"PIN_FIP\"}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String id = json.readTree(started.body()).get("id").asText();

    List<JsonNode> handoverTasks = awaitTasks(id, 3);
    assertThat(names(handoverTasks)).containsExactlyInAnyOrder(
        "Switch DNS of shop/frontend — cluster berlin-shop", "Move the IP of shop/api — cluster berlin-shop",
        "Move the IP of payments/gateway — cluster berlin-shop");
    assertThat(rotatedMachineDeployments()).as("no rotation before the handover").isEmpty();

    Instant lastHandover = null;
    for (JsonNode task : handoverTasks) {
      String taskId = task.get("id").asText();
      if (task.get("taskDefinitionKey").asText().equals("Task_SwitchDns")) {
        String newIp = variable(taskId, "details").get("newIp").asText();
        sandbox.setDnsRecord("shop.berlin.example", newIp); // the customer switches DNS
        dnsServiceWatched.set(false);
        complete(taskId, Map.of("handoverDecision", "DONE", "dnsHostname", "shop.berlin.example"));
      } else {
        complete(taskId, Map.of("handoverDecision", "DONE"));
      }
      lastHandover = Instant.now();
    }
    watcher.join();
    assertThat(dnsServiceGaps).as("the DNS-path service lost no traffic before its switch").isEmpty();

    JsonNode cleanup = awaitTasks(id, 1).get(0);
    assertThat(cleanup.get("taskDefinitionKey").asText()).isEqualTo("Task_DecideCleanup");
    complete(cleanup.get("id").asText(), Map.of("cleanup", "DELETE_NOW"));
    JsonNode migration = awaitState(id, "COMPLETED");
    assertThat(migration.get("incidents")).isEmpty();

    // --- the cluster's OpenStack password (read from its KKP Secret by several steps) is nowhere: not in a
    // variable or its history, not in a job's failure, not in the log
    String password = "Sandbox-Berlin-1!";
    List<String> stored = new ArrayList<>();
    historyService.createHistoricDetailQuery().processInstanceId(id).list()
        .forEach(detail -> stored.add(String.valueOf(((HistoricVariableUpdate) detail).getValue())));
    historyService.createHistoricVariableInstanceQuery().processInstanceId(id).list()
        .forEach(variable -> stored.add(String.valueOf(variable.getValue())));
    historyService.createHistoricJobLogQuery().processInstanceId(id).failureLog().list()
        .forEach(failure -> stored.add(failure.getJobExceptionMessage()));
    assertThat(stored).as("variables and their history").hasSizeGreaterThan(30).noneMatch(text -> text.contains(password));
    assertThat(log.getAll()).as("the log").contains("berlin-shop").doesNotContain(password);

    // --- the end state, in the cloud
    GenericKubernetesResource cluster = sandbox.seedClient().genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup("kubermatic.k8c.io").withVersion("v1").withKind("Cluster").withPlural("clusters").build())
        .withName(CLUSTER).get();
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(cluster))
        .contains("\"externalCloudProvider\":true").contains("CSIKubeletMigrationSuccess");
    for (String service : List.of("shop/api", "payments/gateway")) {
      var view = sandbox.openStack().dataPlane(oldIps.get(service), service.equals("shop/api") ? 443 : 8443);
      assertThat(view.served()).as(service + " keeps its IP").isTrue();
      assertThat(view.api()).isEqualTo("octavia");
      assertThat(view.loadBalancerName()).isEqualTo("kube_service_berlin-shop_" + service.replace('/', '_'));
    }
    String frontendNewIp = user.services().inNamespace("shop").withName("frontend").get().getStatus().getLoadBalancer()
        .getIngress().get(0).getIp();
    assertThat(frontendNewIp).isNotEqualTo("198.51.100.20");
    assertThat(sandbox.openStack().dataPlane(frontendNewIp, 80).api()).isEqualTo("octavia");
    assertThat(sandbox.openStack().dataPlane("198.51.100.20", 80).served()).as("old LB deleted").isFalse();

    assertThat(machineNames()).as("every Machine replaced").doesNotContainAnyElementsOf(machinesBefore)
        .hasSameSizeAs(machinesBefore);
    assertThat(user.genericKubernetesResources(MACHINES).inNamespace("kube-system").list().getItems())
        .allSatisfy(m -> assertThat(m.getMetadata().getAnnotations())
            .containsEntry("v1.kubelet-flags.machine-controller.kubermatic.io/ExternalCloudProvider", "true"));
    assertThat(user.persistentVolumes().list().getItems()).allSatisfy(pv -> assertThat(pv.getMetadata().getAnnotations())
        .containsEntry("pv.kubernetes.io/provisioned-by", "cinder.csi.openstack.org"));
    Instant deleted = Instant.now().plusSeconds(5); // Neutron finishes a delete asynchronously (PENDING_DELETE)
    while (sandbox.openStack().events("loadbalancer.deleted").size() < 3 && Instant.now().isBefore(deleted)) {
      sleep(50);
    }
    assertThat(sandbox.openStack().events("loadbalancer.deleted")).as("the three old load balancers").hasSize(3);
    var sandboxRest = http.send(HttpRequest.newBuilder(URI.create(sandbox.openStack().baseUrl() + "/_sandbox/events")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sandboxRest.statusCode()).isEqualTo(200);

    // --- the report: downtime matches the emulator's event log; rotation came after the last handover
    JsonNode report = json.readTree(get("/api/migrations/" + id + "/report").body());
    assertThat(json.readTree(report.get("extras").get("deletedLoadBalancers").asText())).as("one cleanup job each")
        .hasSize(3);
    for (JsonNode service : report.get("services")) {
      if (!service.get("handover").asText().equals("DNS")) {
        String ip = service.get("oldIp").asText();
        Instant left = Instant.parse(service.get("fipMoveRequestedAt").asText());
        Instant arrived = Instant.parse(service.get("fipArrivedAt").asText());
        List<CloudEvent> moves = sandbox.openStack().events("floatingip.port_changed").stream()
            .filter(e -> e.details().get("address").equals(ip) && !e.details().get("from").isEmpty()).toList();
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).at()).isBetween(left, arrived);
        assertThat(service.get("unattachedMillis").asLong()).as("one PUT: never on no port").isZero();
        System.out.printf("e2e: %s moved by a PUT of %d ms, unattached %d ms (event at %s)%n", ip,
            service.get("moveApiMillis").asLong(), service.get("unattachedMillis").asLong(), moves.get(0).at());
      }
    }
    Instant rotationStarted = report.get("steps").findParents("step").stream()
        .filter(s -> s.get("step").asText().equals("Task_RotateMachineDeployments"))
        .map(s -> Instant.parse(s.get("started").asText())).min(Instant::compareTo).orElseThrow();
    assertThat(rotationStarted).isAfter(lastHandover.minusSeconds(1));
    Instant lastHandoverEnd = report.get("steps").findParents("step").stream()
        .filter(s -> Set.of("Task_SwitchDns", "Task_ApproveFloatingIpMove", "Task_ProbeFloatingIp").contains(s.get("step").asText()))
        .map(s -> Instant.parse(s.get("ended").asText())).max(Instant::compareTo).orElseThrow();
    assertThat(rotationStarted).as("no rotation before the last handover").isAfter(lastHandoverEnd);
  }

  @Test
  void aCloudOutageEndsInAReadableIncidentThatARetryResolves() throws Exception {
    // Camunda logs every failed run of a job at ERROR (ENGINE-16004), here the eligibility check's while Neutron is down
    expectedErrors.add(ExpectedError.of("the injected Neutron outage fails the eligibility check's job",
        "ENGINE-16004 Exception while closing command context: OpenStack: cannot .*HTTP 503"));
    sandbox.openStack().faults().add(FaultInjector.Rule.status("GET", "^/network/", 503, 0)); // Neutron is down
    String id = json.readTree(post("/api/migrations", "{\"clusterId\":\"hamburg-media\"}").body()).get("id").asText();
    try {
      Job check = awaitJobFailure(id);
      assertThat(check.getRetries()).as("the job retries by itself first").isPositive();
      // fast-forward the retry cycle (PT10S,PT30S,...) to its last attempt
      managementService.setJobRetries(check.getId(), 1);
      managementService.setJobDuedate(check.getId(), new java.util.Date());

      JsonNode migration = awaitState(id, "INCIDENT");
      String incident = migration.get("incidents").get(0).asText();
      assertThat(incident).as("what failed and what to check")
          .startsWith("Task_CheckEligibility: OpenStack: cannot").contains("HTTP 503", "Check: that the OpenStack API");
      assertThat(incident).as("no credential in the incident").doesNotContain("Sandbox-Hamburg-1!");

      // Neutron is back; the support engineer retries the incident now (the failed job's due date lies ahead)
      sandbox.openStack().faults().clear();
      String now = new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(new java.util.Date());
      HttpResponse<String> retried = ApiClient.put(port, "support", "/engine-rest/job/" + check.getId() + "/retries",
          "{\"retries\":1,\"dueDate\":\"" + now + "\"}");
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);
      assertThat(names(awaitTasks(id, 1))).containsExactly("Confirm migration of cluster hamburg-media");
    } finally {
      sandbox.openStack().faults().clear();
      runtimeService.deleteProcessInstance(id, "test over");
    }
  }

  private Job awaitJobFailure(String processInstanceId) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      Job job = managementService.createJobQuery().processInstanceId(processInstanceId).withException().singleResult();
      if (job != null) {
        return job;
      }
      sleep(100);
    }
    throw new AssertionError("no failed job within 30 s");
  }

  private Set<String> machineNames() {
    return sandbox.userClusterClient(CLUSTER).genericKubernetesResources(MACHINES).inNamespace("kube-system").list()
        .getItems().stream().map(m -> m.getMetadata().getName()).collect(Collectors.toSet());
  }

  private List<String> rotatedMachineDeployments() {
    return sandbox.userClusterClient(CLUSTER).genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup("cluster.k8s.io").withVersion("v1alpha1").withKind("MachineDeployment").withPlural("machinedeployments")
        .withNamespaced(true).build()).inNamespace("kube-system").list().getItems().stream()
        .filter(md -> md.getMetadata().getAnnotations() != null && md.getMetadata().getAnnotations().containsKey("occm-migrator.io/rotated-by"))
        .map(md -> md.getMetadata().getName()).toList();
  }

  private List<JsonNode> awaitTasks(String processInstanceId, int count) throws Exception {
    return driver().awaitTasks(processInstanceId, count);
  }

  private JsonNode awaitState(String id, String state) throws Exception {
    return driver().awaitState(id, state);
  }

  private JsonNode variable(String taskId, String name) throws Exception {
    return driver().variable(taskId, name);
  }

  private static List<String> names(List<JsonNode> tasks) {
    return MigrationDriver.names(tasks);
  }

  private void complete(String taskId, Map<String, Object> variables) throws Exception {
    driver().complete(taskId, variables);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return driver().get(path);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return driver().post(path, body);
  }

  private MigrationDriver driver() {
    return new MigrationDriver(port);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
