package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.OccmMigratorApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Bad settings stop start-up with a short report that names the variable to set. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsCheckTest {

  @Test
  void postgresProfileWithoutDatabaseUrlNamesTheVariable(CapturedOutput output) {
    assertThatThrownBy(() -> start("postgres", "--camunda.bpm.admin-user.password=Valid!Passw0rd"))
        .isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("OCCM_DB_URL is not set.").contains("Set OCCM_DB_URL to the JDBC URL");
  }

  @Test
  void withoutDemoProfileTheAdminPasswordIsRequired(CapturedOutput output) {
    assertThatThrownBy(() -> start("test")).isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("OCCM_ADMIN_PASSWORD is not set.");
  }

  @Test
  void productionRefusesTheDemoPassword(CapturedOutput output) {
    assertThatThrownBy(() -> start("test,production", "--camunda.bpm.admin-user.password=Sandbox!Migr8"))
        .isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("OCCM_ADMIN_PASSWORD is the public demo password.");
  }

  @Test
  void productionRequiresTheSeedAndTheDatacenters(CapturedOutput output) {
    assertThatThrownBy(() -> start("test,production", "--camunda.bpm.admin-user.password=Valid!Passw0rd"))
        .isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("OCCM_SEED_KUBECONFIG is not set.");

    assertThatThrownBy(() -> start("test,production", "--camunda.bpm.admin-user.password=Valid!Passw0rd",
        "--occm.platform.seed-kubeconfig=/etc/occm/seed.kubeconfig"))
        .isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("No OpenStack datacenter is configured.");
  }

  @Test
  void productionCannotBeCombinedWithTheDemoUsers(CapturedOutput output) {
    assertThatThrownBy(() -> start("production,demo")).isInstanceOf(MissingSettingException.class);
    assertThat(output).contains("cannot be combined with the demo or sandbox profile");
  }

  @Test
  void unreachableDatabaseIsReportedWithTheSettingsToCheck(CapturedOutput output) {
    assertThatThrownBy(() -> start("test", "--camunda.bpm.admin-user.password=Valid!Passw0rd",
        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/occm", "--spring.datasource.username=occm",
        "--spring.datasource.password=secret-Db-Pass1", "--spring.datasource.hikari.connection-timeout=2000"));
    assertThat(output).contains("Cannot use the database").contains("Check OCCM_DB_URL, OCCM_DB_USER and OCCM_DB_PASSWORD");
    assertThat(output).doesNotContain("secret-Db-Pass1");
  }

  private static void start(String profiles, String... args) {
    new SpringApplicationBuilder(OccmMigratorApplication.class)
        .web(WebApplicationType.NONE)
        .profiles(profiles.split(","))
        .run(args)
        .close();
  }
}
