package org.occmmigrator.system;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start when a profile's required settings are missing, before any bean (database pool,
 * process engine) is created, so that the operator sees one line saying what to set instead of a
 * stack trace from deep inside the engine.
 */
public class StartupSettingsCheck implements EnvironmentPostProcessor, Ordered {

  static final String DEMO_PASSWORD = "Sandbox!Migr8";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    List<String> profiles = Arrays.asList(env.getActiveProfiles());
    if (profiles.contains("postgres")) {
      require(env, "spring.datasource.url", "OCCM_DB_URL",
          "the JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://db.example:5432/occm");
      require(env, "spring.datasource.username", "OCCM_DB_USER", "the database user");
      require(env, "spring.datasource.password", "OCCM_DB_PASSWORD", "the database user's password");
    }
    if (!profiles.contains("demo")) {
      require(env, "camunda.bpm.admin-user.password", "OCCM_ADMIN_PASSWORD",
          "the password of the 'admin' user (at least 10 characters with upper and lower case, a digit and a"
              + " special character)");
    }
    if (profiles.contains("production")) {
      if (profiles.contains("demo") || profiles.contains("sandbox")) {
        throw new MissingSettingException(
            "The production profile cannot be combined with the demo or sandbox profile.",
            "Start with --spring.profiles.active=production,postgres only.");
      }
      if (DEMO_PASSWORD.equals(env.getProperty("camunda.bpm.admin-user.password"))) {
        throw new MissingSettingException("OCCM_ADMIN_PASSWORD is the public demo password.",
            "Set OCCM_ADMIN_PASSWORD to a password of your own.");
      }
      boolean inCluster = env.getProperty("KUBERNETES_SERVICE_HOST") != null;
      if (!inCluster) {
        require(env, "occm.platform.seed-kubeconfig", "OCCM_SEED_KUBECONFIG",
            "the path of the seed cluster's kubeconfig (or run inside the seed cluster)");
      }
      boolean datacentersGiven = Binder.get(env)
          .bind("occm.platform.datacenters", Bindable.mapOf(String.class, Object.class))
          .map(map -> !map.isEmpty()).orElse(false);
      if (!datacentersGiven) {
        throw new MissingSettingException("No OpenStack datacenter is configured.",
            "Set the Keystone URL and region of each datacenter, e.g. SPRING_APPLICATION_JSON="
                + "'{\"occm\":{\"platform\":{\"datacenters\":{\"<dc>\":{\"auth-url\":\"https://keystone.example:5000/v3\","
                + "\"region\":\"RegionOne\"}}}}}' or occm.platform.datacenters.<dc>.* in a config file.");
      }
    }
  }

  private static void require(ConfigurableEnvironment env, String property, String variable, String what) {
    String value = env.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new MissingSettingException(variable + " is not set.", "Set " + variable + " to " + what + ".");
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after the config files are read
  }
}
