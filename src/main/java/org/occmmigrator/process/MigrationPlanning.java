package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.occmmigrator.openstack.LoadBalancer;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.ProjectQuota;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.occmmigrator.platform.PersistentVolumeStatus;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/** Eligibility and inventory: reads everything, changes nothing. */
@Component
public class MigrationPlanning {

  /** The outcome: a plan, or the reasons the cluster cannot be migrated. */
  public record Result(MigrationPlan plan, List<String> reasonsAgainst) {}

  private final ClusterClouds clouds;
  private final ClusterEligibility eligibility;

  public MigrationPlanning(ClusterClouds clouds, ClusterEligibility eligibility) {
    this.clouds = clouds;
    this.eligibility = eligibility;
  }

  public Result plan(String clusterId, Map<String, String> requestedHandovers) {
    KkpCluster cluster = clouds.cluster(clusterId);
    List<String> reasons = new ArrayList<>(eligibility.reasonsAgainst(cluster));
    if (!reasons.isEmpty()) {
      return new Result(null, reasons);
    }
    UserCluster user = clouds.userCluster(cluster);
    OpenStackProject openStack = clouds.openStack(cluster);
    if (!openStack.octaviaInCatalog()) {
      reasons.add("the OpenStack project has no load-balancer (Octavia) endpoint in its catalog");
    }
    String occmName = cluster.occmClusterName();
    List<MigrationPlan.ServicePlan> services = new ArrayList<>();
    for (LoadBalancerService service : user.loadBalancerServices()) {
      String legacyName = service.legacyLoadBalancerName();
      LoadBalancer old = openStack.legacyLoadBalancer(legacyName).orElse(null);
      boolean adopted = old == null && openStack.octaviaLoadBalancer(legacyName).isPresent();
      String oldIp = old != null ? old.floatingIpAddress() : service.ingressIps().stream().findFirst().orElse(null);
      if (old == null && !adopted) {
        reasons.add("service " + service.key() + " has no load balancer named " + legacyName
            + " in Neutron or Octavia");
      }
      services.add(new MigrationPlan.ServicePlan(service.key(), service.internal(), service.ports(), legacyName,
          old == null ? null : old.id(), old == null ? null : old.vipPortId(), service.internal() ? null : oldIp,
          adopted ? legacyName : service.occmLoadBalancerName(occmName), adopted,
          oldIp != null && oldIp.equals(service.loadBalancerIp()),
          "lb-sg-" + service.uid() + "-" + service.namespace() + "-" + service.name()));
    }
    if (requestedHandovers != null) {
      requestedHandovers.keySet().stream().filter(key -> services.stream().noneMatch(s -> s.service().equals(key)
          && !s.internal())).forEach(key -> reasons.add("handover requested for " + key
              + ", which is no public LoadBalancer Service of the cluster"));
    }
    long newLoadBalancers = services.stream().filter(s -> !s.adopted()).count();
    long newFloatingIps = services.stream().filter(s -> !s.adopted() && !s.internal() && !s.pinned()
        && !Handover.PIN_FIP.name().equals(requestedHandovers == null ? null : requestedHandovers.get(s.service()))).count();
    ProjectQuota quota = openStack.freeQuota();
    if (!quota.allows((int) newLoadBalancers, (int) newFloatingIps)) {
      reasons.add("not enough quota: " + newLoadBalancers + " load balancers and " + newFloatingIps
          + " floating IPs needed, " + describe(quota.freeLoadBalancers()) + " load balancers and "
          + describe(quota.freeFloatingIps()) + " floating IPs free");
    }
    int inTree = (int) user.persistentVolumes().stream().filter(PersistentVolumeStatus::inTreeCinder).count();
    List<String> machineDeployments = user.machineDeployments().stream().map(md -> md.name()).toList();
    return new Result(new MigrationPlan(cluster.id(), cluster.version(), occmName, services, inTree, machineDeployments,
        quota.freeLoadBalancers(), quota.freeFloatingIps()), reasons);
  }

  /**
   * Per public service: ADOPTED where OCCM takes over the old LB, PIN_FIP where spec.loadBalancerIP
   * already pins the old FIP (OCCM allocates no other IP, so neither DNS nor a new IP can work),
   * else the requested handover, by default DNS.
   */
  public static Map<String, String> handovers(MigrationPlan plan, Map<String, String> requested) {
    Map<String, String> handovers = new LinkedHashMap<>();
    for (MigrationPlan.ServicePlan service : plan.publicServices()) {
      String choice = requested == null ? null : requested.get(service.service());
      handovers.put(service.service(), service.adopted() ? Handover.ADOPTED.name()
          : service.pinned() ? Handover.PIN_FIP.name() : choice != null ? choice : Handover.DNS.name());
    }
    return handovers;
  }

  private static String describe(int free) {
    return free < 0 ? "unlimited" : String.valueOf(free);
  }
}
