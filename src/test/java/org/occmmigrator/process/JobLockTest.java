package org.occmmigrator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Camunda's job lock against the longest job: short, so that a dead node delays a migration by about a minute, and
 * still longer than any job, so that no job runs on two nodes at once.
 */
class JobLockTest {

  @Test
  void theShippedLockLetsAnotherNodeTakeOverADeadNodesJobWithinAboutAMinute() throws Exception {
    PropertySource<?> shipped = new YamlPropertySourceLoader()
        .load("application", new ClassPathResource("application.yaml")).get(0);
    Duration lock = Duration.ofMillis(Long.parseLong(
        String.valueOf(shipped.getProperty("camunda.bpm.job-execution.lock-time-in-millis"))));
    Duration idlePoll = Duration.ofMillis(Long.parseLong(
        String.valueOf(shipped.getProperty("camunda.bpm.job-execution.max-wait"))));

    assertThat(lock.plus(idlePoll)).as("worst delay after a node's death: the lock, then an idle node's next look")
        .isLessThanOrEqualTo(Duration.ofSeconds(75));
    Duration defaultWait = Duration.parse(ClusterClouds.DEFAULT_LOAD_BALANCER_WAIT);
    assertThatCode(() -> ClusterClouds.requireWaitWithinJobLock(defaultWait, lock))
        .as("the default wait of a load balancer delete fits").doesNotThrowAnyException();
  }

  @Test
  void refusesToStartWhenOneJobMayWaitLongerThanHalfTheLock() {
    assertThatThrownBy(() -> ClusterClouds.requireWaitWithinJobLock(Duration.ofSeconds(31), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("occm.openstack.load-balancer-active-wait (PT31S) must be at most half")
        .hasMessageContaining("camunda.bpm.job-execution.lock-time-in-millis (60000 ms)");
    assertThatThrownBy(() -> ClusterClouds.requireWaitWithinJobLock(Duration.ofSeconds(30), Duration.ofSeconds(59)))
        .isInstanceOf(IllegalStateException.class);
  }
}
