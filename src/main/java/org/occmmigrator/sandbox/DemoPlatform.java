package org.occmmigrator.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The sandbox's demo platform as written in sandbox/demo-clusters.yaml. */
public record DemoPlatform(List<Cluster> clusters) {

  public record Cluster(String id, String apiGroup, String version, String provider, boolean externalCloudProvider,
      OpenStack openstack, List<Service> services, List<Volume> volumes, List<MachineDeployment> machineDeployments) {

    public boolean k8c() {
      return "kubermatic.k8c.io".equals(apiGroup);
    }
  }

  public record OpenStack(String project, String username, String password, String applicationCredentialId,
      String applicationCredentialSecret) {}

  public record Service(String namespace, String name, List<Integer> ports, int nodePort, String oldIp,
      String loadBalancerIP, boolean internal, String hostname) {

    public String key() {
      return namespace + "/" + name;
    }
  }

  public record Volume(String name, String claim, String size) {}

  public record MachineDeployment(String name, int replicas) {}

  public static DemoPlatform load(String classpathResource) {
    try (InputStream in = DemoPlatform.class.getClassLoader().getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalStateException("No demo platform at " + classpathResource);
      }
      return new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(in, DemoPlatform.class);
    } catch (IOException unreadable) {
      throw new IllegalStateException("Cannot read the demo platform " + classpathResource + ": " + unreadable.getMessage(),
          unreadable);
    }
  }

  public Cluster cluster(String id) {
    return clusters.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }
}
