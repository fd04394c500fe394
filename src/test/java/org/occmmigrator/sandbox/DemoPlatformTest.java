package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform files: read from the classpath or a path, refused with a reason when the world they describe cannot be. */
class DemoPlatformTest {

  @TempDir Path dir;

  @Test
  void theDemoPlatformIsReadFromTheClasspathWithOrWithoutPrefix() {
    assertThat(DemoPlatform.load("sandbox/demo-clusters.yaml").clusters()).extracting(DemoPlatform.Cluster::id)
        .containsExactly("berlin-shop", "hamburg-media", "munich-done", "cologne-new", "frankfurt-aws");
    assertThat(DemoPlatform.load("classpath:sandbox/safety-cases.yaml").clusters()).hasSize(3);
  }

  @Test
  void aPlatformFileIsReadFromAPathWithAllItsServiceFeatures() throws Exception {
    Path file = write("""
        clusters:
          - id: a
            apiGroup: kubermatic.k8c.io
            kkpVersion: "2.21"
            version: 1.21.14
            provider: openstack
            openstack: { project: shared, username: a, password: pw-a }
            services:
              - { namespace: n, name: mixed, ports: [{ port: 53, protocol: udp }, 53], nodePort: 30053, pending: true }
              - { namespace: n, name: web, ports: [80], nodePort: 30080, oldIp: 198.51.100.90, loadBalancerIP: 10.0.0.9,
                  externalTrafficPolicy: Local, loadBalancerSourceRanges: [192.0.2.0/24] }
            staticMachines: [{ name: pet }]
          - id: b
            apiGroup: kubermatic.k8s.io
            version: 1.20.15
            provider: openstack
            openstack: { project: shared, username: b, password: pw-b }
        """);
    DemoPlatform platform = DemoPlatform.load("file:" + file);

    DemoPlatform.Cluster a = platform.cluster("a");
    assertThat(a.webhookSetsCcmClusterName()).as("KKP 2.21 keeps OCCM's default name").isFalse();
    assertThat(platform.cluster("b").kkpVersion()).as("default for kubermatic.k8s.io").isEqualTo("2.20");
    assertThat(DemoPlatform.load("sandbox/demo-clusters.yaml").cluster("berlin-shop").webhookSetsCcmClusterName())
        .as("kubermatic.k8c.io defaults to KKP 2.22, as the sandbox always behaved").isTrue();
    assertThat(a.services().get(0).ports()).containsExactly(new DemoPlatform.Port(53, "UDP", 0),
        new DemoPlatform.Port(53, "TCP", 0));
    assertThat(a.services().get(1).externalTrafficPolicy()).isEqualTo("Local");
    assertThat(a.services().get(1).loadBalancerSourceRanges()).containsExactly("192.0.2.0/24");
    assertThat(a.staticMachines()).extracting(DemoPlatform.StaticMachine::name).containsExactly("pet");
    assertThat(platform.projects()).containsExactly("shared");
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    assertThatThrownBy(() -> DemoPlatform.load("file:" + dir.resolve("nowhere.yaml")))
        .isInstanceOf(DemoPlatform.InvalidPlatformException.class)
        .hasMessageContaining("nowhere.yaml does not exist");
  }

  @Test
  void aFileThatIsNoPlatformIsRefusedWithTheLine() throws Exception {
    Path file = write("""
        clusters:
          - id: a
            services: [ { namespace: n, name: s, ports: [eighty] } ]
        """);
    assertThatThrownBy(() -> DemoPlatform.load("file:" + file)).isInstanceOf(DemoPlatform.InvalidPlatformException.class)
        .hasMessageContaining("is not a valid platform").hasMessageContaining("line 3");
  }

  @Test
  void anImpossibleWorldIsRefusedWithEveryReason() throws Exception {
    Path file = write("""
        clusters:
          - id: old
            apiGroup: kubermatic.k8c.io
            kkpVersion: "2.20"
            version: 1.20.15
            provider: openstack
            openstack: { project: p, username: u, password: pw }
            services:
              - { namespace: n, name: udp, ports: [{ port: 53, protocol: UDP }], oldIp: 198.51.100.90 }
              - { namespace: n, name: public, ports: [80] }
              - { namespace: n, name: quic, ports: [{ port: 443, protocol: QUIC }], pending: true }
        """);
    assertThatThrownBy(() -> DemoPlatform.load("file:" + file)).isInstanceOf(DemoPlatform.InvalidPlatformException.class)
        .hasMessageContaining("cluster old: KKP 2.20 serves kubermatic.k8s.io")
        .hasMessageContaining("Service n/udp: the in-tree provider serves only TCP")
        .hasMessageContaining("Service n/public: a public Service the in-tree provider served needs oldIp")
        .hasMessageContaining("Service n/quic: protocol must be TCP, UDP or SCTP, not QUIC");
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("platform.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
