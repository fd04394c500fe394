package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.occmmigrator.openstack.FloatingIp;
import org.occmmigrator.openstack.LoadBalancer;
import org.occmmigrator.openstack.OpenStackProject;
import org.occmmigrator.openstack.ProjectQuota;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.LoadBalancerService;
import org.occmmigrator.platform.PersistentVolumeStatus;
import org.occmmigrator.platform.UserCluster;
import org.springframework.stereotype.Component;

/**
 * Eligibility, inventory and preflight: reads everything, changes nothing. Everything that would fail after the
 * irreversible trigger is a reason against migrating now (issue #10 §3); what merely behaves differently on Octavia
 * is a warning the engineer confirms.
 */
@Component
public class MigrationPlanning {

  /** The outcome: a plan (null when the cluster itself is not eligible), the reasons against migrating now. */
  public record Result(MigrationPlan plan, List<String> reasonsAgainst) {}

  private final ClusterClouds clouds;
  private final ClusterEligibility eligibility;

  public MigrationPlanning(ClusterClouds clouds, ClusterEligibility eligibility) {
    this.clouds = clouds;
    this.eligibility = eligibility;
  }

  /**
   * Takes the inventory of a cluster. requestedHandovers (Service "namespace/name" to a {@link Handover} name, may be
   * null) come from the API or a form: each must fit the Service (e.g. ADOPTED only where Octavia adopted the old LB).
   */
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
    List<String> warnings = new ArrayList<>();
    List<MigrationPlan.ServicePlan> services = new ArrayList<>();
    for (LoadBalancerService service : user.loadBalancerServices()) {
      services.add(servicePlan(service, cluster.id(), occmName, cluster.possibleOccmClusterNames(), openStack, reasons,
          warnings));
    }
    Map<String, String> requested = requestedHandovers == null ? Map.of() : requestedHandovers;
    requested.forEach((key, value) -> checkRequestedHandover(services, key, value).ifPresent(reasons::add));

    List<String> staticMachines = user.machinesWithoutMachineDeployment();
    if (!staticMachines.isEmpty()) {
      reasons.add("Machines not managed by a MachineDeployment: " + staticMachines + ". Rotating the MachineDeployments"
          + " never replaces them, so CSIKubeletMigrationCompleted would never become True (kubermatic/kubeone#1780)."
          + " Replace them by MachineDeployment workers first");
    }
    // OCCM creates an Octavia LB for every LoadBalancer Service it does not adopt (pending ones too) and a FIP for
    // every public one that is not pinned to its old FIP.
    long newLoadBalancers = services.stream().filter(s -> !s.adopted()).count();
    long newFloatingIps = services.stream().filter(s -> !s.adopted() && !s.internal() && !s.pinned()
        && !Handover.PIN_FIP.name().equals(requested.get(s.service()))).count();
    ProjectQuota quota = openStack.freeQuota();
    if (!quota.allows((int) newLoadBalancers, (int) newFloatingIps)) {
      reasons.add("not enough quota: OCCM will create " + newLoadBalancers + " load balancers and " + newFloatingIps
          + " floating IPs, " + describe(quota.freeLoadBalancers()) + " load balancers and "
          + describe(quota.freeFloatingIps()) + " floating IPs are free");
    }
    List<String> externalNetworks = openStack.externalNetworks();
    if (externalNetworks.size() > 1) {
      String pool = cluster.openStack() == null ? null : cluster.openStack().floatingIpPool();
      warnings.add("the project sees " + externalNetworks.size() + " external networks " + externalNetworks
          + "; OCCM allocates new floating IPs from " + (pool == null || pool.isBlank() ? "its default network"
          : "the cluster's floatingIPPool '" + pool + "'") + ", a moved FIP stays on its own network: check both are"
          + " routed to the cluster's network");
    }
    int inTree = (int) user.persistentVolumes().stream().filter(PersistentVolumeStatus::inTreeCinder).count();
    List<String> machineDeployments = user.machineDeployments().stream().map(md -> md.name()).sorted().toList();
    return new Result(new MigrationPlan(cluster.id(), cluster.version(), cluster.possibleOccmClusterNames(), services,
        inTree, machineDeployments,
        quota.freeLoadBalancers(), quota.freeFloatingIps(), warnings), reasons);
  }

  private MigrationPlan.ServicePlan servicePlan(LoadBalancerService service, String clusterId, String occmName,
      List<String> possibleOccmNames, OpenStackProject openStack,
      List<String> reasons, List<String> warnings) {
    String key = service.key();
    String legacyName = service.legacyLoadBalancerName();
    LoadBalancer old = openStack.legacyLoadBalancer(legacyName).orElse(null);
    boolean adopted = old == null && openStack.octaviaLoadBalancer(legacyName).isPresent();
    boolean pending = old == null && !adopted && service.pending();
    String oldIp = service.internal() ? (old == null ? null : old.vipAddress())
        : old != null && old.floatingIpAddress() != null ? old.floatingIpAddress()
        : service.ingressIps().stream().findFirst().orElse(null);
    if (old == null && !adopted && !pending) {
      reasons.add("Service " + key + " has the address " + service.ingressIps() + " but no load balancer named "
          + legacyName + " in Neutron or Octavia: something the migration does not know serves it");
    }
    String newName = adopted ? legacyName : service.occmLoadBalancerName(occmName);
    List<String> preexisting = new ArrayList<>();
    if (!adopted) {
      // Another cluster of the project whose OCCM runs with the same cluster name uses this name: OCCM would take its
      // load balancer over (cloud-provider-openstack#1371, #2241). Every name OCCM may use is checked (KKP's version
      // decides between two on kubermatic.k8c.io); an LB with the cluster's other name is remembered, never taken.
      for (String candidate : new java.util.LinkedHashSet<>(List.of(service.occmLoadBalancerName(clusterId),
          service.occmLoadBalancerName("kubernetes")))) {
        openStack.octaviaLoadBalancer(candidate).ifPresent(clash -> {
          preexisting.add(clash.id());
          if (possibleOccmNames.stream().map(service::occmLoadBalancerName).anyMatch(candidate::equals)) {
            reasons.add("Service " + key + ": an Octavia load balancer named " + candidate + " (id " + clash.id()
                + (clash.floatingIpAddress() == null ? "" : ", IP " + clash.floatingIpAddress())
                + ") already exists in the project and is not this Service's: OCCM"
                + " would take it over from whoever owns it. Give this cluster a unique OCCM cluster name"
                + " (spec.features.ccmClusterName: true) before migrating");
          }
        });
      }
    }
    String oldFloatingIpId = null;
    if (!service.internal() && oldIp != null && !adopted) {
      oldFloatingIpId = openStack.floatingIpByAddress(oldIp).map(FloatingIp::id).orElse(null);
    }
    String wanted = service.loadBalancerIp();
    if (!service.internal() && wanted != null && !wanted.isBlank() && !wanted.equals(oldIp)) {
      Optional<FloatingIp> fip = openStack.floatingIpByAddress(wanted);
      if (fip.isEmpty()) {
        reasons.add("Service " + key + ": spec.loadBalancerIP " + wanted + " is no floating IP of the project (an "
            + "in-tree VIP-style value?): OCCM would never give the Service an IP. Clear it or set it to the Service's"
            + " floating IP" + (oldIp == null ? "" : " " + oldIp) + " before migrating");
      } else if (fip.get().portId() != null) {
        reasons.add("Service " + key + ": spec.loadBalancerIP " + wanted + " is a floating IP attached to port "
            + fip.get().portId() + ": OCCM cannot attach it and would leave the Service without an IP");
      } else {
        warnings.add("Service " + key + ": spec.loadBalancerIP " + wanted + " is a free floating IP; OCCM will attach"
            + " it to the new load balancer instead of a new one");
      }
    }
    featureGaps(service).forEach(gap -> warnings.add("Service " + key + ": " + gap));
    return new MigrationPlan.ServicePlan(key, service.internal(), pending, service.ports(), legacyName,
        old == null ? null : old.id(), old == null ? null : old.vipPortId(), oldIp, oldFloatingIpId, newName, adopted,
        oldIp != null && oldIp.equals(wanted), "lb-sg-" + service.uid() + "-" + service.namespace() + "-" + service.name(),
        preexisting);
  }

  /**
   * What Octavia does differently from the old Neutron LB for this Service (cloud-provider-openstack
   * docs/openstack-cloud-controller-manager/expose-applications-using-loadbalancer-type-service.md).
   */
  static List<String> featureGaps(LoadBalancerService service) {
    List<String> gaps = new ArrayList<>();
    List<String> protocols = service.protocols().stream().distinct().toList();
    if (protocols.stream().anyMatch(p -> !"TCP".equals(p))) {
      gaps.add("ports with protocol " + protocols + ": UDP and SCTP listeners depend on the Octavia provider (amphora"
          + " vs OVN)" + (protocols.size() > 1 ? ", and mixed protocols on one Service need OCCM and Octavia support" : ""));
    }
    if ("Local".equals(service.externalTrafficPolicy())) {
      gaps.add("externalTrafficPolicy: Local needs health monitors on the new load balancer"
          + " (OCCM's create-monitor) to route only to nodes with endpoints");
    }
    if (!service.sourceRanges().isEmpty()) {
      gaps.add("loadBalancerSourceRanges " + service.sourceRanges() + " need Octavia API 2.12 or later (allowed CIDRs);"
          + " on an older Octavia the new load balancer accepts every source");
    }
    return gaps;
  }

  /** Empty when the requested handover fits the Service, else why not. */
  static Optional<String> checkRequestedHandover(List<MigrationPlan.ServicePlan> services, String key, String value) {
    MigrationPlan.ServicePlan service = services.stream().filter(s -> s.service().equals(key)).findFirst().orElse(null);
    Handover handover = Handover.parse(value).orElse(null);
    if (service == null) {
      return Optional.of("handover requested for " + key + ", which is no LoadBalancer Service of the cluster");
    }
    if (handover == null) {
      return Optional.of("handover " + value + " requested for " + key + " is none of " + List.of(Handover.values()));
    }
    if (service.pending()) {
      return Optional.of("handover requested for " + key + ", which has no address yet: nothing to hand over");
    }
    if (handover == Handover.ADOPTED) {
      return service.adopted() ? Optional.empty()
          : Optional.of("handover ADOPTED requested for " + key + ", but Octavia has not adopted its old load balancer "
              + service.oldLoadBalancer() + ": its IP changes and it needs a handover");
    }
    if (service.adopted()) {
      return Optional.of("handover " + handover + " requested for " + key + ", whose load balancer Octavia adopted: its IP"
          + " does not change");
    }
    if (service.internal() != (handover == Handover.INTERNAL_VIP)) {
      return Optional.of("handover " + handover + " requested for " + key + ", which is " + (service.internal()
          ? "internal: its consumers switch to the new VIP (INTERNAL_VIP)" : "public"));
    }
    return Optional.empty();
  }

  /**
   * The preflight of a start request: the reasons against migrating now, or none — also when the seed, the user
   * cluster or OpenStack cannot be reached now (the process's own inventory step then retries and, if it keeps failing,
   * raises an incident that says what to check).
   */
  public List<String> reasonsAgainstStarting(String clusterId, Map<String, String> requestedHandovers) {
    try {
      return plan(clusterId, requestedHandovers).reasonsAgainst();
    } catch (org.occmmigrator.platform.PlatformException | org.occmmigrator.openstack.OpenStackTransientException
        | org.occmmigrator.openstack.OpenStackPermanentException unreachable) {
      return List.of();
    }
  }

  /**
   * Per Service with an address: ADOPTED where OCCM takes over the old LB, INTERNAL_VIP for internal ones, PIN_FIP
   * where spec.loadBalancerIP already pins the old FIP (OCCM allocates no other IP, so neither DNS nor a new IP can
   * work), else the requested handover, by default DNS. Requests are validated by {@link #plan} first.
   */
  public static Map<String, String> handovers(MigrationPlan plan, Map<String, String> requested) {
    Map<String, String> handovers = new LinkedHashMap<>();
    for (MigrationPlan.ServicePlan service : plan.servicesWithAddress()) {
      String choice = requested == null ? null : requested.get(service.service());
      Handover handover = service.adopted() ? Handover.ADOPTED : service.internal() ? Handover.INTERNAL_VIP
          : service.pinned() ? Handover.PIN_FIP : choice != null ? Handover.valueOf(choice) : Handover.DNS;
      handovers.put(service.service(), handover.name());
    }
    return handovers;
  }

  /**
   * Re-takes the inventory and compares it with the plan the engineer confirmed: every Service added, removed or
   * changed (old LB, address, ports) and every reason that now speaks against migrating (quota used up meanwhile,
   * a clashing OCCM name, ...). Empty: the plan still holds.
   */
  public Verification verify(String clusterId, MigrationPlan confirmed, Map<String, String> handovers) {
    Map<String, String> requested = new LinkedHashMap<>();
    handovers.forEach((service, handover) -> {
      if (Handover.MOVE_FIP.name().equals(handover) || Handover.PIN_FIP.name().equals(handover)) {
        requested.put(service, handover);
      }
    });
    Result now = plan(clusterId, requested.entrySet().stream().filter(e -> confirmed.contains(e.getKey()))
        .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
    List<String> differences = new ArrayList<>(now.reasonsAgainst());
    if (now.plan() != null) {
      differences.addAll(differences(confirmed, now.plan()));
    }
    return new Verification(now.plan(), differences);
  }

  /** The outcome of {@link #verify}: the live plan and how it differs from the confirmed one. */
  public record Verification(MigrationPlan live, List<String> differences) {}

  static List<String> differences(MigrationPlan confirmed, MigrationPlan live) {
    List<String> differences = new ArrayList<>();
    for (MigrationPlan.ServicePlan now : live.services()) {
      if (!confirmed.contains(now.service())) {
        differences.add("new since the plan: " + now.describe());
      } else if (!confirmed.service(now.service()).sameAs(now)) {
        differences.add("changed since the plan: " + confirmed.service(now.service()).describe() + " is now "
            + now.describe());
      }
    }
    confirmed.services().stream().filter(s -> !live.contains(s.service()))
        .forEach(s -> differences.add("deleted since the plan: " + s.describe()));
    // a set: an API server's list order is no change (the sandbox's varied under load, and the plan went back to the
    // engineer for "[workers-b, workers-a], now [workers-a, workers-b]")
    if (!new java.util.TreeSet<>(confirmed.machineDeployments()).equals(new java.util.TreeSet<>(live.machineDeployments()))) {
      differences.add("MachineDeployments were " + confirmed.machineDeployments() + ", now " + live.machineDeployments());
    }
    return differences;
  }

  private static String describe(int free) {
    return free < 0 ? "unlimited" : String.valueOf(free);
  }
}
