package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occmmigrator.OccmMigratorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default keeps its state in an H2 file: a restart must not lose a running migration. */
class RestartKeepsMigrationsTest {

  @TempDir Path dataDir;

  @Test
  void processInstanceStartedBeforeARestartIsStillThereAfterIt() {
    String instanceId;
    try (var first = start()) {
      ProcessEngine engine = first.getBean(ProcessEngine.class);
      engine.getRepositoryService().createDeployment().addClasspathResource("clustering/waiting.bpmn").deploy();
      instanceId = engine.getRuntimeService().startProcessInstanceByKey("waiting", "cluster-restart").getId();
    }
    try (var second = start()) {
      ProcessEngine engine = second.getBean(ProcessEngine.class);
      var instance = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instanceId).singleResult();
      assertThat(instance).isNotNull();
      assertThat(instance.getBusinessKey()).isEqualTo("cluster-restart");
      assertThat(engine.getTaskService().createTaskQuery().processInstanceId(instanceId).singleResult().getName())
          .isEqualTo("Wait for a person");
    }
  }

  /** The default configuration (H2 file under occm.data-dir, demo profile), without a web server. */
  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(OccmMigratorApplication.class)
        .run("--server.port=0", "--occm.data-dir=" + dataDir, "--camunda.bpm.job-execution.enabled=false");
  }
}
