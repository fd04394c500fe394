package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.occmmigrator.sandbox.openstack.OpenStackEmulator;
import org.occmmigrator.testsupport.RequiredTool;

/**
 * The OpenStack emulator against the real openstack command-line client (Debian's
 * python3-openstackclient and python3-octaviaclient; CI installs them).
 */
class OpenStackCliTest {

  OpenStackEmulator cloud;
  String projectId;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void cloud() {
    RequiredTool.require(RequiredTool.onPath("openstack"),
        "the openstack CLI is not installed (apt-get install python3-openstackclient python3-octaviaclient); CI installs it");
    cloud = new OpenStackEmulator(Clock.systemUTC(), Duration.ofMillis(100)).start(0);
    projectId = cloud.createProject("cli-demo", "Default", "cli-user", "Cli-Pass-1!");
    cloud.createLegacyLoadBalancer(projectId, "a1234567890abcdef1234567890abcde", "web", List.of(80), 30080,
        List.of("10.0.0.5"), "198.51.100.60", null);
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void listsCreatesAndMovesFloatingIpsAndCreatesLoadBalancers() throws Exception {
    JsonNode fips = run("floating", "ip", "list");
    assertThat(fips.findValuesAsText("Floating IP Address")).containsExactly("198.51.100.60");

    JsonNode created = run("floating", "ip", "create", "public");
    String newFip = created.get("floating_ip_address").asText();
    assertThat(newFip).startsWith("198.51.100.");

    JsonNode lb = run("loadbalancer", "create", "--name", "kube_service_cli_demo_web", "--vip-network-id",
        cloud.projectNetworkId(projectId));
    assertThat(lb.get("name").asText()).isEqualTo("kube_service_cli_demo_web");
    assertThat(run("loadbalancer", "list").findValuesAsText("name")).contains("kube_service_cli_demo_web");

    String vipPort = lb.get("vip_port_id").asText();
    runPlain("floating", "ip", "set", "--port", vipPort, newFip);
    assertThat(cloud.events("floatingip.port_changed")).anySatisfy(e -> {
      assertThat(e.details().get("address")).isEqualTo(newFip);
      assertThat(e.details().get("to")).isEqualTo(vipPort);
    });
    JsonNode moved = run("floating", "ip", "show", newFip);
    assertThat(moved.get("port_id").asText()).isEqualTo(vipPort);
  }

  private JsonNode run(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("openstack"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("-f", "json"));
    return json.readTree(execute(command));
  }

  private void runPlain(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("openstack"));
    command.addAll(List.of(arguments));
    execute(command);
  }

  private String execute(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    var env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("OS_"));
    env.put("OS_AUTH_URL", cloud.authUrl());
    env.put("OS_USERNAME", "cli-user");
    env.put("OS_PASSWORD", "Cli-Pass-1!");
    env.put("OS_PROJECT_ID", projectId);
    env.put("OS_USER_DOMAIN_NAME", "Default");
    env.put("OS_IDENTITY_API_VERSION", "3");
    env.put("OS_REGION_NAME", "RegionOne");
    env.put("OS_INTERFACE", "public");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + err + out).isZero();
    return out;
  }
}
