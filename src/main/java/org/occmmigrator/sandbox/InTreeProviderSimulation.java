package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.occmmigrator.sandbox.openstack.CloudControllers.LoadBalancerState;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-tree OpenStack provider's service controller, which runs only until the trigger (DOMAIN.md §2
 * Phase 1 stops it): per LoadBalancer Service an old Neutron LBaaS v2 load balancer named "a" + the UID
 * without dashes (32 characters), a floating IP on its VIP port unless the Service is internal, its
 * members kept in line with the nodes, and its deletion with the Service. Like the real one it serves
 * only TCP ports (legacy-cloud-providers openstack_loadbalancer.go: "only TCP LoadBalancer is supported
 * for openstack load balancers"): other Services stay pending.
 */
final class InTreeProviderSimulation {

  /** What the in-tree provider made for a Service. */
  record Served(String loadBalancerName, String securityGroupName) {}

  private static final Logger log = LoggerFactory.getLogger(InTreeProviderSimulation.class);

  private final OpenStackEmulator openStack;

  InTreeProviderSimulation(OpenStackEmulator openStack) {
    this.openStack = openStack;
  }

  static String legacyName(Service service) {
    return ("a" + service.getMetadata().getUid().replace("-", "")).substring(0, 32);
  }

  /** One round: serve new Services, sync members, clean up after deleted ones; nothing after the trigger. */
  void reconcile(SandboxCluster cluster, List<String> nodes) {
    if (cluster.phase != SandboxCluster.Phase.IN_TREE || cluster.projectId == null) {
      return;
    }
    Set<String> present = new HashSet<>();
    for (Service service : cluster.userCluster.client().services().inAnyNamespace().list().getItems()) {
      if (!"LoadBalancer".equals(service.getSpec().getType())) {
        continue;
      }
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      present.add(key);
      if (cluster.neverServedInTree.contains(key)) {
        continue;
      }
      if (service.getSpec().getPorts().stream().anyMatch(p -> !"TCP".equals(p.getProtocol()))) {
        if (cluster.neverServedInTree.add(key)) {
          log.info("Sandbox in-tree provider ({}): {} stays pending: only TCP LoadBalancer is supported for openstack"
              + " load balancers", cluster.id(), key);
        }
        continue;
      }
      if (openStack.controllers().legacyLoadBalancer(legacyName(service)).isEmpty()) {
        serve(cluster, service, null, nodes);
      } else {
        openStack.controllers().syncLegacyMembers(cluster.projectId, legacyName(service),
            service.getSpec().getPorts().get(0).getNodePort(), nodes);
      }
    }
    for (String key : new ArrayList<>(cluster.servedInTree.keySet())) {
      if (!present.contains(key)) {
        Served gone = cluster.servedInTree.remove(key);
        openStack.controllers().deleteLegacyLoadBalancer(gone.loadBalancerName(), gone.securityGroupName());
      }
    }
  }

  /**
   * EnsureLoadBalancer for one Service: its old load balancer (members: the nodes), for a public Service a
   * floating IP on the VIP port (the given address, or a new one), then the Service's status. Returns the
   * load balancer.
   */
  LoadBalancerState serve(SandboxCluster cluster, Service service, String floatingIp, List<String> nodes) {
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String uid = service.getMetadata().getUid();
    boolean internal = service.getMetadata().getAnnotations() != null
        && "true".equals(service.getMetadata().getAnnotations().get(PlatformSeeder.INTERNAL_ANNOTATION));
    String lbName = legacyName(service);
    String securityGroup = "lb-sg-" + uid + "-" + namespace + "-" + name;
    List<Integer> ports = service.getSpec().getPorts().stream().map(p -> p.getPort()).toList();
    openStack.createLegacyLoadBalancer(cluster.projectId, lbName, name, ports,
        service.getSpec().getPorts().get(0).getNodePort(), nodes, internal ? null : floatingIp, securityGroup);
    cluster.servedInTree.put(namespace + "/" + name, new Served(lbName, securityGroup));
    LoadBalancerState lb = openStack.controllers().legacyLoadBalancer(lbName).orElseThrow();
    String ingress = internal ? lb.vipAddress() : floatingIp != null ? floatingIp
        : openStack.controllers().createFloatingIp(cluster.projectId, lb.vipPortId(), "");
    cluster.setIngress(namespace, name, ingress);
    return lb;
  }
}
