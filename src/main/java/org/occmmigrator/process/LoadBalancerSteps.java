package org.occmmigrator.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.occmmigrator.openstack.FloatingIp;
import org.occmmigrator.openstack.LoadBalancer;
import org.occmmigrator.openstack.LoadBalancerServing;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.ReachabilityProbe;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/**
 * The Octavia load balancers OCCM creates after the trigger, one per LoadBalancer Service. A new load balancer
 * counts only when it is this migration's (not one that existed before the trigger, the one the Service's OCCM
 * annotation names, the same id as first recorded) and only when it serves: a listener for every port of the
 * Service, members for every node, and its new IP answers (issue #10 §1, §5b).
 */
@Component
public class LoadBalancerSteps {

  /**
   * ready: every Service with an address has a serving new LB (or is gone); failed: why the migration must stop
   * (a new LB in ERROR or not this migration's); waitingFor: what is still missing, with what to check;
   * deleted: planned Services the customer deleted meanwhile (nothing to hand over).
   */
  public record NewLoadBalancers(boolean ready, String failed, List<String> waitingFor,
      Map<String, ServiceDetails> details, List<String> deleted) {}

  private final ClusterClouds clouds;
  private final ReachabilityProbe probe;

  public LoadBalancerSteps(ClusterClouds clouds, ReachabilityProbe probe) {
    this.clouds = clouds;
    this.probe = probe;
  }

  public NewLoadBalancers check(String clusterId, MigrationPlan plan, Map<String, String> handovers,
      Map<String, ServiceDetails> recorded) {
    KkpCluster cluster = clouds.cluster(clusterId);
    UserCluster user = clouds.userCluster(cluster);
    OpenStackProject openStack = clouds.openStack(cluster);
    String occmName = cluster.occmClusterName();
    Map<String, LoadBalancerService> live = user.loadBalancerServices().stream()
        .collect(Collectors.toMap(LoadBalancerService::key, Function.identity()));
    Set<String> nodes = new TreeSet<>(user.nodeAddresses());
    Instant occmSince = clouds.seed().occmDeployedAt(cluster).orElse(null);
    List<String> waiting = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    Map<String, ServiceDetails> details = new LinkedHashMap<>();
    for (MigrationPlan.ServicePlan service : plan.servicesWithAddress()) {
      LoadBalancerService current = live.get(service.service());
      if (current == null) {
        deleted.add(service.service());
        continue;
      }
      String name = service.adopted() ? service.oldLoadBalancer() : current.occmLoadBalancerName(occmName);
      LoadBalancer lb = openStack.octaviaLoadBalancer(name).orElse(null);
      if (lb == null) {
        waiting.add(service.service() + ": no Octavia load balancer " + name + " yet. Check: the OCCM logs in the"
            + " cluster's namespace on the seed and the project's load balancer quota");
        continue;
      }
      String notOurs = notThisMigrations(service, current, lb, recorded.get(service.service()));
      if (notOurs == null && !service.adopted() && recorded.get(service.service()) == null) {
        // First sight: nothing this cluster's OCCM made can be older than its Deployment (another cluster with the
        // same OCCM name may have created the LB after the trigger, before this OCCM ran)
        Instant created = openStack.octaviaLoadBalancerCreatedAt(lb.id()).orElse(null);
        if (occmSince == null) {
          waiting.add(service.service() + ": " + name + " exists, but this cluster's OCCM is not deployed yet. Check:"
              + " the load balancers of that name in the project");
          continue;
        }
        if (created != null && created.isBefore(occmSince)) {
          notOurs = "Octavia load balancer " + name + " (id " + lb.id() + ") was created at " + created + ", before this"
              + " cluster's OCCM was deployed (" + occmSince + "): another cluster of the project whose OCCM uses the"
              + " same cluster name made it. The migration does not use it. Check: give one of the clusters a unique OCCM"
              + " cluster name";
        }
      }
      if (notOurs != null) {
        return new NewLoadBalancers(false, notOurs, waiting, details, deleted);
      }
      if (lb.failed()) {
        return new NewLoadBalancers(false, "Octavia load balancer " + name + " of Service " + service.service()
            + " is in ERROR: check the Octavia health manager and the amphora, or delete the load balancer so that OCCM"
            + " recreates it", waiting, details, deleted);
      }
      if (!lb.active()) {
        waiting.add(service.service() + ": " + name + " is " + lb.provisioningStatus() + ". Check: the Octavia worker"
            + " and the amphora of the load balancer");
        continue;
      }
      int port = service.ports().isEmpty() ? 80 : service.ports().get(0);
      if (service.adopted()) {
        details.put(service.service(), new ServiceDetails(service.service(), service.oldIp(), service.oldVipPortId(),
            service.oldIp(), name, lb.id(), lb.vipPortId(), port, null));
        continue;
      }
      FloatingIp onVip = service.internal() ? null : openStack.floatingIpOnPort(lb.vipPortId()).orElse(null);
      String occmFipId = null;
      String newIp = service.internal() ? lb.vipAddress() : null;
      if (onVip != null && onVip.address().equals(service.oldIp())) {
        newIp = onVip.address(); // the customer's IP is already there (pinned, or moved by an earlier run)
        ServiceDetails before = recorded.get(service.service());
        occmFipId = before == null ? null : before.occmFloatingIpId();
      } else if (onVip != null) {
        String expected = FloatingIp.OCCM_DESCRIPTION_PREFIX + service.service() + " from cluster " + occmName;
        if (onVip.createdAt() != null && (occmSince == null || onVip.createdAt().isBefore(occmSince))) {
          return new NewLoadBalancers(false, "Service " + service.service() + ": the floating IP " + onVip.address()
              + " on the VIP port of " + name + " was created at " + onVip.createdAt() + ", before this cluster's OCCM"
              + " was deployed: it is not this cluster's, the migration does not touch it. Check who attached it",
              waiting, details, deleted);
        }
        if (!expected.equals(onVip.description())) {
          return new NewLoadBalancers(false, "Service " + service.service() + ": the floating IP " + onVip.address()
              + " on the VIP port of " + name + " is not OCCM's for this Service (description '" + onVip.description()
              + "'): the migration does not touch it. Check who attached it", waiting, details, deleted);
        }
        newIp = onVip.address();
        occmFipId = onVip.id();
      } else if (!service.internal() && !Handover.PIN_FIP.name().equals(handovers.get(service.service()))) {
        waiting.add(service.service() + ": " + name + " has no floating IP yet. Check: the project's floating IP quota"
            + " and the cluster's floatingIPPool");
        continue;
      }
      String serving = servingProblem(openStack.octaviaServing(lb.id()), service, nodes, newIp, port);
      if (serving != null) {
        waiting.add(service.service() + ": " + name + " " + serving);
        continue;
      }
      details.put(service.service(), new ServiceDetails(service.service(), service.oldIp(), service.oldVipPortId(),
          newIp, name, lb.id(), lb.vipPortId(), port, occmFipId));
    }
    return new NewLoadBalancers(waiting.isEmpty(), null, waiting, details, deleted);
  }

  /** Null when the load balancer is this migration's; else why the migration must not use it. */
  private static String notThisMigrations(MigrationPlan.ServicePlan service, LoadBalancerService current,
      LoadBalancer lb, ServiceDetails recorded) {
    if (service.preexistingLoadBalancerIds().contains(lb.id())) {
      return "Octavia load balancer " + lb.name() + " (id " + lb.id() + ") existed before the trigger: it belongs to"
          + " another cluster of the project whose OCCM uses the same cluster name. The migration does not use it."
          + " Check: give one of the clusters a unique OCCM cluster name; until then its Service " + service.service()
          + " has no load balancer of its own";
    }
    if (recorded != null && !recorded.newLoadBalancerId().equals(lb.id())) {
      return "the new load balancer of Service " + service.service() + " was " + recorded.newLoadBalancerId()
          + " and is now " + lb.id() + ": it was replaced meanwhile. Check the load balancers named " + lb.name();
    }
    if (!service.adopted() && current.occmLoadBalancerId() != null && !current.occmLoadBalancerId().equals(lb.id())) {
      return "Service " + service.service() + " names load balancer " + current.occmLoadBalancerId() + " (OCCM's "
          + "annotation), not " + lb.id() + " named " + lb.name() + ": the migration does not use it";
    }
    return null;
  }

  /**
   * Null when the new load balancer forwards every port of the Service to every node and its new IP answers; else
   * what is missing. Before a FIP moves or a customer switches DNS, the target must serve (issue #10 §5b).
   */
  String servingProblem(LoadBalancerServing serving, MigrationPlan.ServicePlan service, Set<String> nodes, String newIp,
      int port) {
    Set<Integer> missingPorts = new TreeSet<>(service.ports());
    missingPorts.removeAll(serving.listenerPorts());
    if (!missingPorts.isEmpty()) {
      return "has no listener for ports " + missingPorts + " yet. Check: the OCCM logs";
    }
    Set<String> missingMembers = new TreeSet<>(nodes);
    missingMembers.removeAll(serving.memberAddresses());
    if (!missingMembers.isEmpty()) {
      return "has no members for the nodes " + missingMembers + " yet. Check: the OCCM logs";
    }
    Set<String> strangers = new TreeSet<>(serving.memberAddresses());
    strangers.removeAll(nodes);
    if (!strangers.isEmpty()) {
      return "has members " + strangers + " that are no nodes of this cluster: OCCM has not updated them yet, or"
          + " another cluster's OCCM uses this load balancer. Check: the load balancer's pools and the project's clusters";
    }
    if (!service.internal() && newIp != null && !newIp.equals(service.oldIp()) && !probe.served(newIp, port)) {
      return "does not answer on " + newIp + ":" + port + " yet. Check: the security groups of the nodes and the"
          + " amphora";
    }
    return null;
  }
}
