package org.occmmigrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.occmmigrator.testsupport.RequiredTool;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine): check its structure, and let Debian's
 * docker-compose validate it where installed (CI installs it).
 */
class ComposeFileTest {

  private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

  @Test
  @SuppressWarnings("unchecked")
  void runsTwoNodesOnThePostgresProfileWithHealthChecks() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE_FILE));
    var services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("postgres", "node1", "node2");
    services.values().forEach(service -> assertThat(service).containsKey("healthcheck"));
    for (String node : List.of("node1", "node2")) {
      var environment = (Map<String, Object>) services.get(node).get("environment");
      assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
      assertThat(environment.get("OCCM_DB_URL")).asString().startsWith("jdbc:postgresql://postgres:5432/");
      assertThat(environment).containsKeys("OCCM_DB_USER", "OCCM_DB_PASSWORD", "OCCM_ADMIN_PASSWORD");
      assertThat(services.get(node).get("depends_on")).asString().contains("service_healthy");
    }
    assertThat(services.get("node1").get("ports")).isNotEqualTo(services.get("node2").get("ports"));
  }

  @Test
  void dockerComposeAcceptsTheFileAndRequiresThePasswords() throws Exception {
    RequiredTool.require(RequiredTool.onPath("docker-compose"),
        "docker-compose is not installed: apt-get install docker-compose (.ci/run installs it; no Docker engine needed)");
    assertThat(config(Map.of("OCCM_DB_PASSWORD", "db-Secret-1", "OCCM_ADMIN_PASSWORD", "Admin!Secret1"))).isZero();
    assertThat(config(Map.of())).as("passwords are mandatory").isNotZero();
  }

  private static int config(Map<String, String> environment) throws IOException, InterruptedException {
    var builder = new ProcessBuilder("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "-q")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("OCCM_DB_PASSWORD");
    builder.environment().remove("OCCM_ADMIN_PASSWORD");
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
