package org.occmmigrator.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.occmmigrator.openstack.ReachabilityProbe;
import org.occmmigrator.platform.PlatformSettings;
import org.occmmigrator.process.HostResolver;
import org.occmmigrator.sandbox.openstack.ApiLatency;
import org.occmmigrator.system.MissingSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Profile sandbox (on by default): the application migrates the sandbox cloud's demo clusters. The
 * production code is unchanged; only where it connects differs — the seed kubeconfig, the Keystone URL
 * of the datacenter, the reachability probe and DNS.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

  /**
   * The sandbox cloud on the platform file occm.sandbox.demo-platform: "classpath:…" or "file:/path/…"
   * (a bare path is a classpath resource). A missing or impossible file stops the start with one line
   * saying what is wrong.
   */
  @Bean(destroyMethod = "close")
  SandboxCloud sandboxCloud(@Value("${occm.sandbox.demo-platform:sandbox/demo-clusters.yaml}") String demoPlatform,
      @Value("${occm.sandbox.tick:PT1S}") Duration tick,
      @Value("${occm.sandbox.provisioning-delay:PT3S}") Duration provisioning,
      @Value("${occm.sandbox.rollout-time:PT10S}") Duration rollout,
      @Value("${occm.sandbox.openstack.latency:none}") String latency,
      @Value("${occm.data-dir}") String dataDir, ResourceLoader resources) {
    DemoPlatform platform;
    try {
      platform = DemoPlatform.load(demoPlatform, resources);
    } catch (DemoPlatform.InvalidPlatformException invalid) {
      throw new MissingSettingException(invalid.getMessage() + ".",
          "Set occm.sandbox.demo-platform to a platform file, e.g. --occm.sandbox.demo-platform=file:/path/platform.yaml"
              + " (its fields: classpath sandbox/demo-clusters.yaml), or leave it out for the demo platform.");
    }
    SandboxCloud sandbox = new SandboxCloud(platform, new SandboxCloud.Timing(tick, provisioning, rollout),
        Path.of(dataDir, "sandbox").toAbsolutePath(), Clock.systemUTC());
    sandbox.openStack().setLatency(ApiLatency.named(latency));
    log.info("""
        Sandbox cloud is up (it starts anew at every start of the application):
          seed cluster:  kubectl --kubeconfig {} get clusters.kubermatic.k8c.io,clusters.kubermatic.k8s.io
          OpenStack:     {} (Keystone v3; data plane at {}/_sandbox/dataplane?ip=&port=)
          sandbox API:   {}/_sandbox/clusters (change the world while a migration runs: see the README)
          demo clusters: {} (platform {})""", sandbox.seedKubeconfig(), sandbox.openStack().authUrl(),
        sandbox.openStack().baseUrl(), sandbox.openStack().baseUrl(),
        sandbox.platform().clusters().stream().map(DemoPlatform.Cluster::id).toList(), demoPlatform);
    return sandbox;
  }

  @Bean
  @Primary
  PlatformSettings sandboxPlatformSettings(Environment environment, SandboxCloud sandbox) {
    PlatformSettings configured = Binder.get(environment).bindOrCreate("occm.platform", PlatformSettings.class);
    var datacenters = new LinkedHashMap<>(configured.datacenters());
    datacenters.put(sandbox.datacenter(), new PlatformSettings.Datacenter(sandbox.openStack().authUrl(), "RegionOne",
        "public", false));
    return new PlatformSettings(sandbox.seedKubeconfig().toString(), null, configured.kubernetesCutoffVersion(),
        configured.userClusterClientIdleTimeout(), datacenters);
  }

  @Bean
  @Primary
  ReachabilityProbe sandboxDataPlaneProbe(SandboxCloud sandbox) {
    return (address, port) -> sandbox.openStack().dataPlane(address, port).served();
  }

  @Bean
  @Primary
  HostResolver sandboxDns(SandboxCloud sandbox) {
    return sandbox::resolve;
  }
}
