package org.occmmigrator.platform;

import java.util.List;
import java.util.Map;

/**
 * A Service of type LoadBalancer in a user cluster. ports and protocols are parallel lists (spec.ports[].port,
 * spec.ports[].protocol: TCP, UDP or SCTP); externalTrafficPolicy is Cluster or Local; sourceRanges is
 * spec.loadBalancerSourceRanges (CIDRs, empty when unset).
 */
public record LoadBalancerService(
    String namespace,
    String name,
    String uid,
    boolean internal,
    List<String> ingressIps,
    String loadBalancerIp,
    String occmLoadBalancerId,
    boolean keepFloatingIp,
    List<Integer> ports,
    List<String> protocols,
    String externalTrafficPolicy,
    List<String> sourceRanges,
    Map<String, String> annotations) {

  public static final String INTERNAL_ANNOTATION = "service.beta.kubernetes.io/openstack-internal-load-balancer";
  public static final String LOAD_BALANCER_ID_ANNOTATION = "loadbalancer.openstack.org/load-balancer-id";
  public static final String KEEP_FLOATING_IP_ANNOTATION = "loadbalancer.openstack.org/keep-floatingip";

  /** No ingress address yet: the in-tree provider never served it (nothing to hand over). */
  public boolean pending() {
    return ingressIps.isEmpty();
  }

  /** "namespace/name", how the process names a service. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The in-tree provider's name of this Service's Neutron LBaaS load balancer. */
  public String legacyLoadBalancerName() {
    String name = "a" + uid.replace("-", "");
    return name.length() > 32 ? name.substring(0, 32) : name;
  }

  /** OCCM's name of this Service's Octavia load balancer, for the cluster name OCCM runs with. */
  public String occmLoadBalancerName(String occmClusterName) {
    return "kube_service_" + occmClusterName + "_" + namespace + "_" + name;
  }
}
