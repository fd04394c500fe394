package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.occmmigrator.sandbox.openstack.CloudControllers;
import org.occmmigrator.sandbox.openstack.CloudControllers.LoadBalancerState;

/**
 * openstack-cloud-controller-manager once deployed (DOMAIN.md §4): per LoadBalancer Service an Octavia
 * load balancer named kube_service_&lt;cluster&gt;_&lt;ns&gt;_&lt;svc&gt; (or the legacy one it adopts), its
 * listeners, pools and members, and a floating IP chosen as OCCM does: the one on the VIP port, else a
 * free spec.loadBalancerIP, else a new one. Then the Service's status and load-balancer-id annotation.
 */
final class OccmSimulation {

  private final KubernetesClient seed;
  private final CloudControllers cloud;

  OccmSimulation(KubernetesClient seed, CloudControllers cloud) {
    this.seed = seed;
    this.cloud = cloud;
  }

  void reconcile(SandboxCluster cluster, List<String> nodes) {
    if (!cluster.occmRunning() || cluster.projectId == null) {
      return;
    }
    String occmName = ccmClusterName(cluster) ? cluster.id() : "kubernetes";
    KubernetesClient user = cluster.userCluster.client();
    for (Service service : user.services().inAnyNamespace().list().getItems()) {
      if (!"LoadBalancer".equals(service.getSpec().getType())) {
        continue;
      }
      String namespace = service.getMetadata().getNamespace();
      String name = service.getMetadata().getName();
      String legacy = ("a" + service.getMetadata().getUid().replace("-", "")).substring(0, 32);
      String lbName = cloud.octaviaLoadBalancer(legacy).isPresent() ? legacy
          : "kube_service_" + occmName + "_" + namespace + "_" + name;
      List<ServicePort> ports = service.getSpec().getPorts();
      int nodePort = ports.isEmpty() || ports.get(0).getNodePort() == null ? 30000 : ports.get(0).getNodePort();
      LoadBalancerState lb = cloud.ensureOctaviaLoadBalancer(cluster.projectId, lbName, "Kubernetes external service "
          + namespace + "/" + name + " from cluster " + occmName, ports.stream().map(ServicePort::getPort).toList(),
          nodePort, nodes);
      if (!lb.active()) {
        continue;
      }
      Map<String, String> annotations = service.getMetadata().getAnnotations() == null ? Map.of()
          : service.getMetadata().getAnnotations();
      String ip = "true".equals(annotations.get("service.beta.kubernetes.io/openstack-internal-load-balancer"))
          ? lb.vipAddress() : floatingIp(cluster, service, lb, namespace + "/" + name, occmName);
      if (ip != null) {
        publish(user, service, lb.id(), ip);
      }
    }
  }

  private String floatingIp(SandboxCluster cluster, Service service, LoadBalancerState lb, String key, String occmName) {
    Optional<String> onVip = cloud.floatingIpOnPort(lb.vipPortId());
    if (onVip.isPresent()) {
      return onVip.get();
    }
    String wanted = service.getSpec().getLoadBalancerIP();
    if (wanted != null && !wanted.isBlank()) {
      Optional<String> port = cloud.portOfFloatingIp(wanted);
      if (port != null && port.isEmpty()) {
        cloud.attachFloatingIp(wanted, lb.vipPortId());
        return wanted;
      }
      return null; // attached elsewhere: OCCM reports an error on the Service and retries
    }
    return cloud.createFloatingIp(cluster.projectId, lb.vipPortId(),
        "Floating IP for Kubernetes external service " + key + " from cluster " + occmName);
  }

  private static void publish(KubernetesClient user, Service service, String lbId, String ip) {
    var current = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null ? List.<String>of()
        : service.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    String currentId = service.getMetadata().getAnnotations() == null ? null
        : service.getMetadata().getAnnotations().get("loadbalancer.openstack.org/load-balancer-id");
    if (current.equals(List.of(ip)) && lbId.equals(currentId)) {
      return;
    }
    var resource = user.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName());
    resource.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of(
        "metadata", Map.of("annotations", Map.of("loadbalancer.openstack.org/load-balancer-id", lbId)))));
    // editStatus, not a merge patch: fabric8's mock server appends to arrays in merge patches
    resource.editStatus(latest -> {
      latest.getStatus().getLoadBalancer().setIngress(new java.util.ArrayList<>(List.of(new LoadBalancerIngressBuilder()
          .withIp(ip).build())));
      return latest;
    });
  }

  @SuppressWarnings("unchecked")
  private boolean ccmClusterName(SandboxCluster cluster) {
    GenericKubernetesResource resource = seed.genericKubernetesResources(cluster.clusters()).withName(cluster.id()).get();
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    Map<String, Object> features = (Map<String, Object>) spec.getOrDefault("features", Map.of());
    return Boolean.TRUE.equals(features.get("ccmClusterName"));
  }
}
