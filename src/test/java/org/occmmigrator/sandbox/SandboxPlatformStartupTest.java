package org.occmmigrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.occmmigrator.OccmMigratorApplication;
import org.occmmigrator.system.MissingSettingException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * --occm.sandbox.demo-platform reaches the sandbox: a file that is not there stops the start with Spring Boot's
 * short report (reading a file by path is DemoPlatformTest's).
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxPlatformStartupTest {

  @TempDir Path dir;

  @Test
  void aMissingPlatformFileStopsTheStartNamingTheFileAndTheSetting(CapturedOutput output) {
    assertThatThrownBy(() -> start("--occm.sandbox.demo-platform=file:" + dir.resolve("missing.yaml")).close())
        .hasRootCauseInstanceOf(MissingSettingException.class);
    assertThat(output).contains("The sandbox platform file file:" + dir.resolve("missing.yaml") + " does not exist.")
        .contains("Set occm.sandbox.demo-platform to a platform file");
  }

  private ConfigurableApplicationContext start(String... args) {
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--occm.data-dir=" + dir.resolve("data");
    return new SpringApplicationBuilder(OccmMigratorApplication.class).web(WebApplicationType.NONE)
        .profiles("test", "demo", "sandbox").run(all);
  }
}
