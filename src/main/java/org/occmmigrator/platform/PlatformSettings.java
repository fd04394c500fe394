package org.occmmigrator.platform;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platform is: the seed cluster's kubeconfig (empty: fabric8's standard discovery, i.e.
 * KUBECONFIG, ~/.kube/config or the in-cluster service account), and per KKP datacenter the OpenStack
 * Keystone URL and region (KKP keeps them in the Seed object; here they are configuration).
 */
@ConfigurationProperties("occm.platform")
public record PlatformSettings(
    String seedKubeconfig,
    String seedContext,
    @DefaultValue("1.22") String kubernetesCutoffVersion,
    @DefaultValue("PT10M") Duration userClusterClientIdleTimeout,
    Map<String, Datacenter> datacenters) {

  /** openTelekomCloud: OTC runs its own load balancer service; the migration does not apply there. */
  public record Datacenter(String authUrl, String region, @DefaultValue("public") String endpointInterface,
      boolean openTelekomCloud) {}

  public PlatformSettings {
    datacenters = datacenters == null ? Map.of() : Map.copyOf(datacenters);
  }

  public Datacenter datacenter(String name) {
    Datacenter datacenter = datacenters.get(name);
    if (datacenter == null) {
      throw new PlatformException("No OpenStack settings for datacenter '" + name
          + "': add occm.platform.datacenters." + name + ".auth-url and .region", false);
    }
    return datacenter;
  }
}
