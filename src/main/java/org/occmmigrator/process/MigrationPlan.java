package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the eligibility check found and what the migration will do; stored as the JSON variable
 * {@code inventory} and re-taken before the trigger ({@link MigrationPlanning#differences}). Only ids, names and
 * addresses: nothing secret. occmClusterNames: every cluster name OCCM may run with (two where KKP's version decides,
 * see KkpCluster#possibleOccmClusterNames). warnings are Octavia feature gaps and network facts the engineer confirms knowingly.
 */
public record MigrationPlan(
    String clusterId,
    String kubernetesVersion,
    List<String> occmClusterNames,
    List<ServicePlan> services,
    int inTreeVolumes,
    List<String> machineDeployments,
    int freeLoadBalancers,
    int freeFloatingIps,
    List<String> warnings) {

  /**
   * One LoadBalancer Service: its old LB (in-tree name, id, VIP port, address: the FIP for a public Service, the
   * VIP for an internal one) and the name OCCM will give its new one.
   * pending: the in-tree provider never served it (no old LB, no address): nothing to hand over.
   * pinned: spec.loadBalancerIP already names the old FIP, so OCCM will wait for exactly that IP.
   * oldFloatingIpId: the id of the customer's FIP, the only FIP the migration may move or (with consent) release.
   * preexistingLoadBalancerIds: Octavia LBs that already carry a name OCCM may give this Service's new LB (another
   * cluster's): never taken as this migration's new load balancer.
   */
  public record ServicePlan(
      String service,
      boolean internal,
      boolean pending,
      List<Integer> ports,
      String oldLoadBalancer,
      String oldLoadBalancerId,
      String oldVipPortId,
      String oldIp,
      String oldFloatingIpId,
      String newLoadBalancer,
      boolean adopted,
      boolean pinned,
      String securityGroup,
      List<String> preexistingLoadBalancerIds) {

    /** Whether the Service has an address that clients use today and that changes: it needs a handover. */
    public boolean needsHandover() {
      return !pending && !adopted;
    }

    /** The facts a re-verification compares (pinned is left out: the migration itself pins before the trigger). */
    boolean sameAs(ServicePlan other) {
      return service.equals(other.service) && internal == other.internal && pending == other.pending
          && adopted == other.adopted && Objects.equals(oldLoadBalancerId, other.oldLoadBalancerId)
          && Objects.equals(oldIp, other.oldIp) && Objects.equals(ports, other.ports);
    }

    String describe() {
      return service + (pending ? " (pending: no address yet)" : adopted ? " (adopted, keeps " + oldIp + ")"
          : (internal ? " (internal VIP " : " (IP ") + oldIp + ", old load balancer " + oldLoadBalancer + ")");
    }
  }

  public List<ServicePlan> publicServices() {
    return services.stream().filter(s -> !s.internal() && !s.pending()).toList();
  }

  /** Every Service with an address that changes or is adopted: public and internal, not pending. */
  public List<ServicePlan> servicesWithAddress() {
    return services.stream().filter(s -> !s.pending()).toList();
  }

  public ServicePlan service(String key) {
    return services.stream().filter(s -> s.service().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Service " + key + " is not part of the migration of " + clusterId));
  }

  public boolean contains(String key) {
    return services.stream().anyMatch(s -> s.service().equals(key));
  }

  /** The services whose old load balancer the cleanup deletes (every one that has one and is not adopted). */
  public List<String> oldLoadBalancerServices() {
    return services.stream().filter(s -> s.oldLoadBalancerId() != null && !s.adopted()).map(ServicePlan::service).toList();
  }

  /** The confirmation form's choices: public Services whose IP can be moved or pinned. */
  public List<Map<String, String>> floatingIpChoices() {
    return publicServices().stream().filter(s -> !s.adopted() && !s.pinned())
        .map(s -> Map.of("label", s.service() + " (" + s.oldIp() + ")", "value", s.service())).toList();
  }

  /** What the confirmation form and the plan API show in words. */
  public String summary() {
    List<String> lines = new ArrayList<>();
    lines.add(publicServices().size() + " public and " + services.stream().filter(s -> s.internal() && !s.pending()).count()
        + " internal LoadBalancer Services, " + inTreeVolumes + " in-tree volumes, MachineDeployments "
        + machineDeployments + ", Kubernetes " + kubernetesVersion + ". New load balancers will be named "
        + (occmClusterNames.size() == 1 ? "kube_service_" + occmClusterNames.get(0) + "_NAMESPACE_SERVICE."
            : "kube_service_" + occmClusterNames.get(0) + "_NAMESPACE_SERVICE on KKP 2.22 or later, kube_service_"
                + occmClusterNames.get(1) + "_NAMESPACE_SERVICE before (the Cluster object does not tell which; set"
                + " spec.features.ccmClusterName to decide)."));
    services.forEach(s -> lines.add("- " + s.describe()));
    warnings.forEach(w -> lines.add("- Warning: " + w));
    return String.join("\n", lines);
  }
}
