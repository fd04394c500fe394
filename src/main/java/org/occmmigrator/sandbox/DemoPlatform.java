package org.occmmigrator.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The sandbox's platform as written in a platform file (default: classpath sandbox/demo-clusters.yaml; the
 * file's header comment documents every field). Loaded once at start; {@link #load} refuses a file that
 * is missing, unreadable or describes a world the real systems cannot be in, naming the cluster and field.
 */
public record DemoPlatform(List<Cluster> clusters) {

  public DemoPlatform {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /**
   * One KKP user cluster. kkpVersion (major.minor, e.g. "2.21") decides what KKP's webhook does on the
   * trigger: from 2.22 it sets spec.features.ccmClusterName (DOMAIN.md §2); default 2.22 for the
   * kubermatic.k8c.io group, 2.20 for kubermatic.k8s.io. ccmClusterName presets that feature.
   */
  public record Cluster(String id, String apiGroup, String kkpVersion, String version, String provider,
      boolean externalCloudProvider, boolean ccmClusterName, OpenStack openstack, List<Service> services,
      List<Volume> volumes, List<MachineDeployment> machineDeployments, List<StaticMachine> staticMachines) {

    public Cluster {
      services = services == null ? List.of() : List.copyOf(services);
      volumes = volumes == null ? List.of() : List.copyOf(volumes);
      machineDeployments = machineDeployments == null ? List.of() : List.copyOf(machineDeployments);
      staticMachines = staticMachines == null ? List.of() : List.copyOf(staticMachines);
      if (kkpVersion == null) {
        kkpVersion = "kubermatic.k8c.io".equals(apiGroup) ? "2.22" : "2.20";
      }
    }

    public boolean k8c() {
      return "kubermatic.k8c.io".equals(apiGroup);
    }

    /** KKP 2.22 and later: the migration webhook sets spec.features.ccmClusterName. */
    public boolean webhookSetsCcmClusterName() {
      return compareVersions(kkpVersion, "2.22") >= 0;
    }
  }

  /**
   * The cluster's OpenStack project and its credentials. Clusters naming the same project share it (one
   * project, one network, both clusters' load balancers and floating IPs in it). Quotas of the project:
   * floatingIps and loadBalancers (default 20 and 10; -1 unlimited).
   */
  public record OpenStack(String project, String username, String password, String applicationCredentialId,
      String applicationCredentialSecret, Integer floatingIpQuota, Integer loadBalancerQuota) {}

  /**
   * A LoadBalancer Service. A public one served by the in-tree provider has an old Neutron LB with the
   * floating IP oldIp; internal: true has an old LB without one; pending: true was never served (no old
   * LB, no ingress IP). loadBalancerIP is spec.loadBalancerIP, any address (a FIP or a VIP-style value).
   * nodePort is the node port of every port that names none.
   */
  public record Service(String namespace, String name, List<Port> ports, int nodePort, String oldIp,
      String loadBalancerIP, boolean internal, boolean pending, String externalTrafficPolicy,
      List<String> loadBalancerSourceRanges, String hostname) {

    public Service {
      ports = ports == null ? List.of() : List.copyOf(ports);
      loadBalancerSourceRanges = loadBalancerSourceRanges == null ? List.of() : List.copyOf(loadBalancerSourceRanges);
    }

    public String key() {
      return namespace + "/" + name;
    }

    /** Only TCP: the in-tree provider refuses any other protocol, so such a Service was never served. */
    public boolean tcpOnly() {
      return ports.stream().allMatch(p -> "TCP".equals(p.protocol()));
    }

    public int nodePortOf(Port port) {
      return port.nodePort() > 0 ? port.nodePort() : nodePort;
    }
  }

  /** A Service port: written as a number (TCP) or as {port, protocol: TCP|UDP|SCTP, nodePort}. */
  public record Port(int port, String protocol, int nodePort) {

    public Port {
      protocol = protocol == null ? "TCP" : protocol.toUpperCase();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Port tcp(int port) {
      return new Port(port, "TCP", 0);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static Port of(@JsonProperty("port") int port, @JsonProperty("protocol") String protocol,
        @JsonProperty("nodePort") int nodePort) {
      return new Port(port, protocol, nodePort);
    }
  }

  public record Volume(String name, String claim, String size) {}

  public record MachineDeployment(String name, int replicas) {}

  /**
   * A Machine no MachineDeployment owns (a static or hand-made worker): the machine-controller never
   * replaces it, so it carries the kubelet flag only if kubeletFlag says so (or the cluster already runs
   * the external provider).
   */
  public record StaticMachine(String name, boolean kubeletFlag) {}

  /** Thrown for a platform file that cannot be used; the message names the file and what is wrong. */
  public static final class InvalidPlatformException extends IllegalStateException {
    InvalidPlatformException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Loads a platform without a prefix from the classpath (the default one: "sandbox/demo-clusters.yaml"). */
  public static DemoPlatform load(String location) {
    return load(location, new DefaultResourceLoader(DemoPlatform.class.getClassLoader()));
  }

  /**
   * Loads and checks a platform file: "classpath:…", "file:/path/platform.yaml", or a bare classpath path.
   *
   * @throws InvalidPlatformException the file does not exist, is no valid YAML of this shape, or describes
   *     an impossible world (the message says where)
   */
  public static DemoPlatform load(String location, ResourceLoader loader) {
    String normalized = location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? location : "classpath:" + location;
    Resource resource = loader.getResource(normalized);
    if (!resource.exists()) {
      throw new InvalidPlatformException("The sandbox platform file " + normalized + " does not exist", null);
    }
    DemoPlatform platform;
    try (InputStream in = resource.getInputStream()) {
      platform = new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(in, DemoPlatform.class);
    } catch (JsonProcessingException invalid) {
      throw new InvalidPlatformException("The sandbox platform file " + normalized + " is not a valid platform: "
          + invalid.getOriginalMessage() + (invalid.getLocation() == null ? ""
              : " (line " + invalid.getLocation().getLineNr() + ", column " + invalid.getLocation().getColumnNr() + ")"),
          invalid);
    } catch (IOException unreadable) {
      throw new InvalidPlatformException("Cannot read the sandbox platform file " + normalized + ": "
          + unreadable.getMessage(), unreadable);
    }
    if (platform == null) {
      throw new InvalidPlatformException("The sandbox platform file " + normalized + " is empty", null);
    }
    List<String> problems = platform.problems();
    if (!problems.isEmpty()) {
      throw new InvalidPlatformException("The sandbox platform file " + normalized + " describes no possible world: "
          + String.join("; ", problems), null);
    }
    return platform;
  }

  public Cluster cluster(String id) {
    return clusters.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No sandbox cluster " + id));
  }

  /** What makes the platform impossible, one sentence each; empty when it is fine. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, String> addresses = new HashMap<>();
    for (Cluster cluster : clusters) {
      String where = "cluster " + cluster.id();
      if (cluster.id() == null || cluster.id().isBlank()) {
        problems.add("a cluster has no id");
        continue;
      }
      if (!ids.add(cluster.id())) {
        problems.add(where + " is listed twice");
      }
      if (!"kubermatic.k8c.io".equals(cluster.apiGroup()) && !"kubermatic.k8s.io".equals(cluster.apiGroup())) {
        problems.add(where + ": apiGroup must be kubermatic.k8c.io or kubermatic.k8s.io, not " + cluster.apiGroup());
      } else if (!cluster.kkpVersion().matches("\\d+\\.\\d+(\\.\\d+)?")) {
        problems.add(where + ": kkpVersion must be major.minor, e.g. 2.21, not " + cluster.kkpVersion());
      } else if (cluster.k8c() != compareVersions(cluster.kkpVersion(), "2.21") >= 0) {
        problems.add(where + ": KKP " + cluster.kkpVersion() + " serves " + (cluster.k8c() ? "kubermatic.k8s.io"
            : "kubermatic.k8c.io") + " (kubermatic.k8c.io from KKP 2.21 on), not " + cluster.apiGroup());
      }
      if (cluster.version() == null || cluster.provider() == null) {
        problems.add(where + ": version and provider are required");
      }
      if ("openstack".equals(cluster.provider()) && (cluster.openstack() == null || cluster.openstack().project() == null
          || cluster.openstack().username() == null || cluster.openstack().password() == null)) {
        problems.add(where + ": an OpenStack cluster needs openstack.project, username and password");
      }
      Set<String> services = new HashSet<>();
      for (Service service : cluster.services()) {
        String at = where + ", Service " + service.key();
        if (service.namespace() == null || service.name() == null) {
          problems.add(where + ": a Service needs namespace and name");
          continue;
        }
        if (!services.add(service.key())) {
          problems.add(at + " is listed twice");
        }
        if (service.ports().isEmpty()) {
          problems.add(at + ": ports are required");
        }
        for (Port port : service.ports()) {
          if (!List.of("TCP", "UDP", "SCTP").contains(port.protocol())) {
            problems.add(at + ": protocol must be TCP, UDP or SCTP, not " + port.protocol());
          }
        }
        boolean servedByInTree = !cluster.externalCloudProvider() && !service.pending() && !service.internal();
        if (servedByInTree && service.oldIp() == null) {
          problems.add(at + ": a public Service the in-tree provider served needs oldIp (or pending: true)");
        }
        if (service.oldIp() != null && !servedByInTree) {
          problems.add(at + ": oldIp is the FIP of an old in-tree LB; this Service has none (internal, pending, or the"
              + " cluster already runs the external provider)");
        }
        if (service.oldIp() != null && !service.tcpOnly()) {
          problems.add(at + ": the in-tree provider serves only TCP (\"only TCP LoadBalancer is supported for openstack"
              + " load balancers\"), so a Service with " + service.ports().stream().map(Port::protocol).distinct().toList()
              + " ports was never served by it: set pending: true instead of oldIp");
        }
        if (service.oldIp() != null) {
          String other = addresses.putIfAbsent(service.oldIp(), at);
          if (other != null) {
            problems.add(at + ": oldIp " + service.oldIp() + " is already the FIP of " + other);
          }
        }
        if (service.externalTrafficPolicy() != null && !List.of("Cluster", "Local").contains(service.externalTrafficPolicy())) {
          problems.add(at + ": externalTrafficPolicy must be Cluster or Local");
        }
      }
    }
    return problems;
  }

  /** Compares dotted versions numerically ("2.9" &lt; "2.22"). */
  static int compareVersions(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      int l = i < left.length ? Integer.parseInt(left[i]) : 0;
      int r = i < right.length ? Integer.parseInt(right[i]) : 0;
      if (l != r) {
        return Integer.compare(l, r);
      }
    }
    return 0;
  }

  /** Two clusters naming one project share it: the names of the projects, each once. */
  List<String> projects() {
    return clusters.stream().map(Cluster::openstack).filter(Objects::nonNull).map(OpenStack::project).distinct().toList();
  }
}
