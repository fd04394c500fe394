package org.occmmigrator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.occmmigrator.sandbox.OccmCloudClient.Api;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openstack-cloud-controller-manager once deployed (DOMAIN.md §4, §8), talking to the cloud over its HTTP
 * API with the cluster's credentials like the real one, so injected faults and quotas reach it. Per
 * LoadBalancer Service: the Octavia load balancer named kube_service_&lt;cluster name&gt;_&lt;ns&gt;_&lt;svc&gt;
 * — or the legacy-named one it adopts after nlbaas2octavia — taken over as it is when one of that name
 * exists already (even another cluster's: the real harm of a name clash); a listener and pool per port
 * and protocol (allowed_cidrs from loadBalancerSourceRanges, a health monitor for externalTrafficPolicy
 * Local), the nodes as members; a floating IP chosen as OCCM does (the one on the VIP port, else a free
 * spec.loadBalancerIP — attached elsewhere: error and retry —, else a new one with OCCM's description),
 * none for an internal Service; then the load-balancer-id annotation and the status. A Service is
 * reconciled again when it or the nodes change, and until it succeeded; a deleted Service loses the
 * load balancer and the FIPs OCCM made for it (not with keep-floatingip). A failure leaves the Service's
 * status as it is, is logged at WARN once and retried at the next round; it never stops the others.
 */
final class OccmSimulation {

  /** What OCCM made for a Service; fingerprint is what it reconciled last (null: not done yet). */
  record Served(String loadBalancerId, String loadBalancerName, String floatingIpDescription, boolean keepFloatingIp,
      String fingerprint) {}

  static final String LOAD_BALANCER_ID_ANNOTATION = "loadbalancer.openstack.org/load-balancer-id";
  static final String KEEP_FLOATING_IP_ANNOTATION = "loadbalancer.openstack.org/keep-floatingip";
  private static final Logger log = LoggerFactory.getLogger(OccmSimulation.class);
  /** Mutations per Service per round at most; each one makes the load balancer PENDING_UPDATE anyway. */
  private static final int STEPS_PER_ROUND = 50;

  private final KubernetesClient seed;
  private final String authUrl;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  /** The last failure logged per cluster/Service, so that a failure repeating every round is logged once. */
  private final Map<String, String> warned = new ConcurrentHashMap<>();

  OccmSimulation(KubernetesClient seed, String authUrl) {
    this.seed = seed;
    this.authUrl = authUrl;
  }

  void reconcile(SandboxCluster cluster, List<String> nodes) {
    if (!cluster.occmRunning() || cluster.projectId == null) {
      return;
    }
    if (cluster.occmCloud == null) {
      cluster.occmCloud = new OccmCloudClient(http, json, authUrl, cluster.demo.openstack(), cluster.projectId);
    }
    String occmName = ccmClusterName(cluster) ? cluster.id() : "kubernetes";
    KubernetesClient user = cluster.userCluster.client();
    Set<String> present = new HashSet<>();
    for (Service service : user.services().inAnyNamespace().list().getItems()) {
      if (Thread.currentThread().isInterrupted()) {
        return; // the sandbox is closing
      }
      if (!"LoadBalancer".equals(service.getSpec().getType())) {
        continue;
      }
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      present.add(key);
      String fingerprint = service.getMetadata().getResourceVersion() + "|" + nodes + "|" + occmName;
      Served served = cluster.servedByOccm.get(key);
      if (served != null && fingerprint.equals(served.fingerprint())) {
        continue;
      }
      try {
        ensure(cluster, service, occmName, nodes);
        recovered(cluster, key);
      } catch (RuntimeException failure) {
        warnOnce(cluster, key, failure);
      }
    }
    for (String key : new ArrayList<>(cluster.servedByOccm.keySet())) {
      if (!present.contains(key)) {
        try {
          delete(cluster.occmCloud, cluster.servedByOccm.get(key));
          cluster.servedByOccm.remove(key);
          recovered(cluster, key);
        } catch (RuntimeException failure) {
          warnOnce(cluster, key, failure);
        }
      }
    }
  }

  /** One Service's reconcile: as far as the load balancer lets it get in this round. */
  private void ensure(SandboxCluster cluster, Service service, String occmName, List<String> nodes) {
    OccmCloudClient cloud = cluster.occmCloud;
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String key = namespace + "/" + name;
    Map<String, String> annotations = service.getMetadata().getAnnotations() == null ? Map.of()
        : service.getMetadata().getAnnotations();
    String legacyName = InTreeProviderSimulation.legacyName(service);
    JsonNode lb = loadBalancerNamed(cloud, legacyName);
    String lbName = lb != null ? legacyName : "kube_service_" + occmName + "_" + namespace + "_" + name;
    if (lb == null) {
      lb = loadBalancerNamed(cloud, lbName);
    }
    String fipDescription = "Floating IP for Kubernetes external service " + key + " from cluster " + occmName;
    boolean keep = "true".equals(annotations.get(KEEP_FLOATING_IP_ANNOTATION));
    if (lb == null) {
      String network = cloud.get(Api.NETWORK, "/networks?name=" + OccmCloudClient.query(cluster.networkName()))
          .path("networks").path(0).path("id").asText(null);
      lb = cloud.post(Api.LOAD_BALANCER, "/lbaas/loadbalancers", Map.of("loadbalancer", Map.of("name", lbName,
          "description", "Kubernetes external service " + key + " from cluster " + occmName,
          "vip_network_id", String.valueOf(network)))).path("loadbalancer");
    }
    String lbId = lb.path("id").asText();
    cluster.servedByOccm.put(key, new Served(lbId, lbName, fipDescription, keep, null));
    boolean complete = false;
    for (int step = 0; step < STEPS_PER_ROUND && !complete; step++) {
      String status = lb.path("provisioning_status").asText();
      if ("ERROR".equals(status)) {
        throw new IllegalStateException("load balancer " + lbName + " (" + lbId + ") is in ERROR");
      }
      if (!"ACTIVE".equals(status)) {
        return; // busy (PENDING_*): the next round goes on
      }
      complete = !nextStep(cloud, lb, service, nodes);
      if (!complete) {
        lb = cloud.get(Api.LOAD_BALANCER, "/lbaas/loadbalancers/" + lbId).path("loadbalancer");
      }
    }
    if (!complete) {
      return;
    }
    boolean internal = "true".equals(annotations.get(PlatformSeeder.INTERNAL_ANNOTATION));
    String ip = internal ? lb.path("vip_address").asText() : floatingIp(cloud, service, lb, fipDescription);
    String version = publish(cluster, service, lbId, ip);
    cluster.servedByOccm.put(key, new Served(lbId, lbName, fipDescription, keep, version + "|" + nodes + "|" + occmName));
  }

  private static JsonNode loadBalancerNamed(OccmCloudClient cloud, String name) {
    JsonNode found = cloud.get(Api.LOAD_BALANCER, "/lbaas/loadbalancers?name=" + OccmCloudClient.query(name))
        .path("loadbalancers");
    return found.isEmpty() ? null : found.get(0);
  }

  /** Does the next missing piece of the load balancer (one mutation); false when nothing is missing. */
  private static boolean nextStep(OccmCloudClient cloud, JsonNode lb, Service service, List<String> nodes) {
    String lbId = lb.path("id").asText();
    String lbName = lb.path("name").asText();
    List<JsonNode> listeners = new ArrayList<>();
    for (JsonNode ref : lb.path("listeners")) {
      listeners.add(cloud.get(Api.LOAD_BALANCER, "/lbaas/listeners/" + ref.path("id").asText()).path("listener"));
    }
    List<String> sourceRanges = service.getSpec().getLoadBalancerSourceRanges();
    boolean local = "Local".equals(service.getSpec().getExternalTrafficPolicy());
    for (ServicePort port : service.getSpec().getPorts()) {
      String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      String suffix = port.getPort() + "_" + protocol.toLowerCase() + "_" + lbName;
      JsonNode listener = listeners.stream().filter(l -> l.path("protocol_port").asInt() == port.getPort()
          && protocol.equals(l.path("protocol").asText())).findFirst().orElse(null);
      if (listener == null) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "listener_" + suffix, "protocol", protocol,
            "protocol_port", port.getPort(), "loadbalancer_id", lbId));
        if (sourceRanges != null && !sourceRanges.isEmpty()) {
          body.put("allowed_cidrs", sourceRanges);
        }
        cloud.post(Api.LOAD_BALANCER, "/lbaas/listeners", Map.of("listener", body));
        return true;
      }
      String poolId = text(listener, "default_pool_id");
      if (poolId == null) {
        cloud.post(Api.LOAD_BALANCER, "/lbaas/pools", Map.of("pool", Map.of("name", "pool_" + suffix,
            "protocol", protocol, "lb_algorithm", "ROUND_ROBIN", "listener_id", listener.path("id").asText())));
        return true;
      }
      Set<String> present = new HashSet<>();
      for (JsonNode member : cloud.get(Api.LOAD_BALANCER, "/lbaas/pools/" + poolId + "/members").path("members")) {
        String address = member.path("address").asText();
        if (!nodes.contains(address)) {
          cloud.delete(Api.LOAD_BALANCER, "/lbaas/pools/" + poolId + "/members/" + member.path("id").asText());
          return true;
        }
        present.add(address);
      }
      int nodePort = port.getNodePort() == null ? 30000 : port.getNodePort();
      for (String node : nodes) {
        if (!present.contains(node)) {
          cloud.post(Api.LOAD_BALANCER, "/lbaas/pools/" + poolId + "/members", Map.of("member", Map.of(
              "address", node, "protocol_port", nodePort, "name", node)));
          return true;
        }
      }
      if (local && text(cloud.get(Api.LOAD_BALANCER, "/lbaas/pools/" + poolId).path("pool"), "healthmonitor_id") == null) {
        cloud.post(Api.LOAD_BALANCER, "/lbaas/healthmonitors", Map.of("healthmonitor", Map.of("pool_id", poolId,
            "name", "monitor_" + suffix, "type", "HTTP", "url_path", "/healthz", "delay", 5, "timeout", 3,
            "max_retries", 1)));
        return true;
      }
    }
    return false;
  }

  /** A string field, null when absent, JSON null or empty. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /** OCCM's floating IP choice (DOMAIN.md §4). */
  private static String floatingIp(OccmCloudClient cloud, Service service, JsonNode lb, String description) {
    String vipPort = lb.path("vip_port_id").asText();
    JsonNode onVip = cloud.get(Api.NETWORK, "/floatingips?port_id=" + OccmCloudClient.query(vipPort)).path("floatingips");
    if (!onVip.isEmpty()) {
      return onVip.get(0).path("floating_ip_address").asText();
    }
    String wanted = service.getSpec().getLoadBalancerIP();
    if (wanted != null && !wanted.isBlank()) {
      JsonNode found = cloud.get(Api.NETWORK, "/floatingips?floating_ip_address=" + OccmCloudClient.query(wanted))
          .path("floatingips");
      if (!found.isEmpty()) {
        JsonNode fip = found.get(0);
        String port = text(fip, "port_id");
        if (port != null) {
          throw new IllegalStateException("floating IP " + wanted + " (spec.loadBalancerIP) is not available: it is"
              + " attached to port " + port);
        }
        cloud.put(Api.NETWORK, "/floatingips/" + fip.path("id").asText(), Map.of("floatingip", Map.of("port_id", vipPort)));
        return wanted;
      }
    }
    String external = cloud.get(Api.NETWORK, "/networks?router:external=true").path("networks").path(0).path("id").asText();
    Map<String, Object> body = new LinkedHashMap<>(Map.of("floating_network_id", external, "port_id", vipPort,
        "description", description));
    if (wanted != null && !wanted.isBlank()) {
      body.put("floating_ip_address", wanted); // as OCCM does; Neutron refuses an address outside the external subnet
    }
    return cloud.post(Api.NETWORK, "/floatingips", Map.of("floatingip", body)).path("floatingip")
        .path("floating_ip_address").asText();
  }

  /** Service deleted: the FIPs OCCM made (by description, unless kept), then its own load balancer. */
  private static void delete(OccmCloudClient cloud, Served served) {
    if (!served.keepFloatingIp()) {
      JsonNode lb;
      try {
        lb = cloud.get(Api.LOAD_BALANCER, "/lbaas/loadbalancers/" + served.loadBalancerId()).path("loadbalancer");
      } catch (OccmCloudClient.CallFailed failed) {
        if (failed.status != 404) {
          throw failed;
        }
        lb = null;
      }
      if (lb != null) {
        for (JsonNode fip : cloud.get(Api.NETWORK, "/floatingips?port_id="
            + OccmCloudClient.query(lb.path("vip_port_id").asText())).path("floatingips")) {
          if (served.floatingIpDescription().equals(fip.path("description").asText())) {
            cloud.delete(Api.NETWORK, "/floatingips/" + fip.path("id").asText());
          }
        }
      }
    }
    if (served.loadBalancerName().startsWith("kube_service_")) { // OCCM deletes only load balancers it named
      cloud.delete(Api.LOAD_BALANCER, "/lbaas/loadbalancers/" + served.loadBalancerId() + "?cascade=true");
    }
  }

  /** Writes the annotation and status when they differ; returns the Service's resourceVersion afterwards. */
  private static String publish(SandboxCluster cluster, Service service, String lbId, String ip) {
    var current = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null ? List.<String>of()
        : service.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    String currentId = service.getMetadata().getAnnotations() == null ? null
        : service.getMetadata().getAnnotations().get(LOAD_BALANCER_ID_ANNOTATION);
    if (current.equals(List.of(ip)) && lbId.equals(currentId)) {
      return service.getMetadata().getResourceVersion();
    }
    String namespace = service.getMetadata().getNamespace();
    cluster.userCluster.client().services().inNamespace(namespace).withName(service.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of(
            "metadata", Map.of("annotations", Map.of(LOAD_BALANCER_ID_ANNOTATION, lbId)))));
    return cluster.setIngress(namespace, service.getMetadata().getName(), ip);
  }

  private void warnOnce(SandboxCluster cluster, String key, RuntimeException failure) {
    if (Thread.currentThread().isInterrupted()) {
      return; // the sandbox is closing
    }
    String message = failure.getMessage();
    if (!message.equals(warned.put(cluster.id() + "|" + key, message))) {
      log.warn("Sandbox OCCM ({}): {} not served: {}", cluster.id(), key, message);
    }
  }

  private void recovered(SandboxCluster cluster, String key) {
    if (warned.remove(cluster.id() + "|" + key) != null) {
      log.info("Sandbox OCCM ({}): {} reconciled again", cluster.id(), key);
    }
  }

  @SuppressWarnings("unchecked")
  private boolean ccmClusterName(SandboxCluster cluster) {
    GenericKubernetesResource resource = seed.genericKubernetesResources(cluster.clusters()).withName(cluster.id()).get();
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    Map<String, Object> features = (Map<String, Object>) spec.getOrDefault("features", Map.of());
    return Boolean.TRUE.equals(features.get("ccmClusterName"));
  }
}
