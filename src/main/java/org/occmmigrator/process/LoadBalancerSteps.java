package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.occmmigrator.openstack.LoadBalancer;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/** The Octavia load balancers OCCM creates after the trigger, one per LoadBalancer Service. */
@Component
public class LoadBalancerSteps {

  /** ready: every public service has an ACTIVE new LB (and an IP unless pinned); failed: one went to ERROR. */
  public record NewLoadBalancers(boolean ready, String failed, List<String> waitingFor, Map<String, ServiceDetails> details) {}

  private final ClusterClouds clouds;

  public LoadBalancerSteps(ClusterClouds clouds) {
    this.clouds = clouds;
  }

  public NewLoadBalancers check(String clusterId, MigrationPlan plan, Map<String, String> handovers) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    OpenStackProject openStack = clouds.openStack(cluster);
    String occmName = cluster.occmClusterName();
    List<String> waiting = new ArrayList<>();
    Map<String, ServiceDetails> details = new LinkedHashMap<>();
    for (MigrationPlan.ServicePlan service : plan.publicServices()) {
      String[] key = service.service().split("/", 2);
      LoadBalancerService current = user.loadBalancerService(key[0], key[1]);
      String name = service.adopted() ? service.oldLoadBalancer() : current.occmLoadBalancerName(occmName);
      LoadBalancer lb = openStack.octaviaLoadBalancer(name).orElse(null);
      int port = service.ports().isEmpty() ? 80 : service.ports().get(0);
      if (lb == null) {
        waiting.add(service.service() + ": no Octavia load balancer " + name + " yet");
        continue;
      }
      if (lb.failed()) {
        return new NewLoadBalancers(false, "Octavia load balancer " + name + " of service " + service.service()
            + " is in ERROR: check the Octavia health manager and the amphora, or delete the load balancer so that OCCM recreates it",
            waiting, details);
      }
      if (!lb.active()) {
        waiting.add(service.service() + ": " + name + " is " + lb.provisioningStatus());
        continue;
      }
      boolean pinned = Handover.PIN_FIP.name().equals(handovers.get(service.service()));
      String newIp = lb.floatingIpAddress();
      if (newIp == null && !pinned && !service.adopted()) {
        waiting.add(service.service() + ": " + name + " has no floating IP yet");
        continue;
      }
      details.put(service.service(), new ServiceDetails(service.service(), service.oldIp(), service.oldVipPortId(),
          newIp, name, lb.id(), lb.vipPortId(), port));
    }
    return new NewLoadBalancers(waiting.isEmpty(), null, waiting, details);
  }
}
