package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Finished migrations' history does not pile up: the engine schedules its nightly cleanup. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"occm.sandbox.tick=PT0.2S", "occm.data-dir=target/cluster-api-data"}) // ClusterApiTest's context
@ActiveProfiles({"test", "demo", "sandbox"})
class HistoryCleanupTest {

  @Autowired HistoryService historyService;
  @Autowired ProcessEngineConfigurationImpl configuration;

  @Test
  void historyCleanupRunsEveryNight() {
    assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
    assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
    assertThat(historyService.findHistoryCleanupJobs()).as("the cleanup job is scheduled").isNotEmpty();
  }
}
