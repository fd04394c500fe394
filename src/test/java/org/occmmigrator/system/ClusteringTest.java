package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.occmmigrator.OccmMigratorApplication;
import org.occmmigrator.testsupport.RealPostgres;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Two application nodes with job executors on one real PostgreSQL: Camunda's clustering. Every job of a
 * few hundred asynchronous instances must run exactly once, and both nodes must take part.
 */
class ClusteringTest {

  private static final int INSTANCES = 300;

  /** Which node ran each (process instance, activity) job; shared by both contexts in this JVM. */
  static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();

  @Component("clusterProbe")
  static class ClusterProbe implements JavaDelegate {
    @Value("${camunda.bpm.process-engine-name}") String node;

    @Override
    public void execute(DelegateExecution execution) {
      RUNS.computeIfAbsent(execution.getProcessInstanceId() + "/" + execution.getCurrentActivityId(),
          key -> new CopyOnWriteArrayList<>()).add(node);
    }
  }

  static RealPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = RealPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void twoNodesRunEveryJobExactlyOnce() throws Exception {
    try (var nodeA = startNode("node-a"); var nodeB = startNode("node-b")) {
      ProcessEngine engine = nodeA.getBean(ProcessEngine.class);
      engine.getRepositoryService().createDeployment().addClasspathResource("clustering/cluster-probe.bpmn").deploy();
      Instant start = Instant.now();
      IntStream.range(0, INSTANCES).forEach(i -> engine.getRuntimeService().startProcessInstanceByKey("cluster-probe"));

      var history = engine.getHistoryService();
      Instant deadline = start.plus(Duration.ofMinutes(5));
      while (history.createHistoricProcessInstanceQuery().finished().count() < INSTANCES && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      Duration took = Duration.between(start, Instant.now());

      assertThat(history.createHistoricProcessInstanceQuery().finished().count()).isEqualTo(INSTANCES);
      assertThat(engine.getManagementService().createJobQuery().processDefinitionKey("cluster-probe").count()).isZero();
      assertThat(RUNS).hasSize(2 * INSTANCES);
      assertThat(RUNS.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
      long byA = RUNS.values().stream().filter(nodes -> nodes.get(0).equals("node-a")).count();
      long byB = 2L * INSTANCES - byA;
      assertThat(byA).as("jobs run by node-a").isPositive();
      assertThat(byB).as("jobs run by node-b").isPositive();
      System.out.printf("clustering: %d instances, %d jobs in %d ms on 2 nodes (node-a %d, node-b %d)%n",
          INSTANCES, 2 * INSTANCES, took.toMillis(), byA, byB);
    }
  }

  private static ConfigurableApplicationContext startNode(String name) {
    return new SpringApplicationBuilder(OccmMigratorApplication.class, ClusterProbe.class)
        .profiles("postgres")
        .run("--server.port=0", "--spring.datasource.url=" + postgres.jdbcUrl(),
            "--spring.datasource.username=" + postgres.user(),
            "--spring.datasource.password=unused-with-trust-auth",
            "--camunda.bpm.admin-user.password=Cluster!Test1",
            "--camunda.bpm.process-engine-name=" + name,
            "--camunda.bpm.job-execution.enabled=true",
            "--camunda.bpm.job-execution.wait-time-in-millis=50",
            "--camunda.bpm.job-execution.max-wait=500");
  }
}
