package org.occmmigrator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A fast sandbox on a platform file, and what its tests look at: Services, the cloud as a cluster's OCCM sees it, the HTTP API. */
final class SandboxWorld implements AutoCloseable {

  final SandboxCloud sandbox;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  SandboxWorld(String platform, Path workDir) {
    sandbox = new SandboxCloud(DemoPlatform.load(platform),
        new SandboxCloud.Timing(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(300)), workDir,
        Clock.systemUTC());
  }

  /** The irreversible switch, as the migration (or the dashboard) sets it. */
  void trigger(String clusterId) {
    sandbox.seedClient().genericKubernetesResources(clusterResource(clusterId)).withName(clusterId)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"features\":{\"externalCloudProvider\":true}}}");
  }

  GenericKubernetesResource clusterObject(String clusterId) {
    return sandbox.seedClient().genericKubernetesResources(clusterResource(clusterId)).withName(clusterId).get();
  }

  @SuppressWarnings("unchecked")
  String kubeletCondition(String clusterId) {
    Map<String, Object> status = (Map<String, Object>) clusterObject(clusterId).getAdditionalProperties().get("status");
    Map<String, Object> conditions = (Map<String, Object>) status.get("conditions");
    Map<String, Object> condition = (Map<String, Object>) conditions.get("CSIKubeletMigrationCompleted");
    return condition == null ? null : (String) condition.get("status");
  }

  private ResourceDefinitionContext clusterResource(String clusterId) {
    String group = sandbox.platform().cluster(clusterId).apiGroup();
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withKind("Cluster")
        .withPlural("clusters").withNamespaced(false).build();
  }

  Service service(String clusterId, String key) {
    String[] parts = key.split("/", 2);
    return sandbox.userClusterClient(clusterId).services().inNamespace(parts[0]).withName(parts[1]).get();
  }

  String ingressIp(String clusterId, String key) {
    Service service = service(clusterId, key);
    var ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null ? null
        : service.getStatus().getLoadBalancer().getIngress();
    return ingress == null || ingress.isEmpty() ? null : ingress.get(0).getIp();
  }

  /** The loadbalancer.openstack.org/load-balancer-id annotation OCCM writes (null until it served the Service). */
  String occmLoadBalancerId(String clusterId, String key) {
    Map<String, String> annotations = service(clusterId, key).getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(OccmSimulation.LOAD_BALANCER_ID_ANNOTATION);
  }

  /** Waits until OCCM finished a Service: load balancer complete, annotation and status written. */
  void awaitServedByOccm(String clusterId, String key) {
    await(key + " of " + clusterId + " served by OCCM", () -> {
      var served = servedBy(clusterId, key);
      return served != null && served.fingerprint() != null;
    });
  }

  private OccmSimulation.Served servedBy(String clusterId, String key) {
    return sandbox.sandboxClusterForTests(clusterId).servedByOccm.get(key);
  }

  /** The cloud over its HTTP API with a cluster's credentials, as its OCCM sees it. */
  OccmCloudClient cloudOf(String clusterId) {
    return new OccmCloudClient(http, json, sandbox.openStack().authUrl(), sandbox.platform().cluster(clusterId).openstack(),
        sandbox.projectId(clusterId));
  }

  JsonNode octaviaLoadBalancer(String clusterId, String id) {
    return cloudOf(clusterId).get(OccmCloudClient.Api.LOAD_BALANCER, "/lbaas/loadbalancers/" + id).path("loadbalancer");
  }

  List<String> floatingIps(String clusterId) {
    return cloudOf(clusterId).get(OccmCloudClient.Api.NETWORK, "/floatingips").path("floatingips").findValuesAsText(
        "floating_ip_address");
  }

  /** A request to the sandbox's runtime API (body JSON or null). */
  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.openStack().baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within 20 s: " + what);
      }
      sleep(25);
    }
  }

  /** Lets the controllers run some rounds, each longer than a provisioning step (for what must stay as it is). */
  void rounds(int count) {
    for (int i = 0; i < count; i++) {
      sandbox.reconcile();
      sleep(120);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
