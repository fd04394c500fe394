package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts of one cluster at the same moment: exactly one migration, the others 409 migration-running. */
class ConcurrentStartTest extends SecuredAppTestBase {

  @Autowired PlatformTransactionManager transactions;

  @Test
  void twoApiStartsAtTheSameMomentGiveOne201AndOne409() throws Exception {
    List<Integer> statuses = startTogether("/api/migrations", "{\"clusterId\":\"munich\"}");
    assertThat(statuses).containsExactlyInAnyOrder(201, 409);
    assertThat(running("munich")).isEqualTo(1);
  }

  @Test
  void twoEngineRestStartsAtTheSameMomentGiveOne200AndOne409() throws Exception {
    List<Integer> statuses = startTogether("/engine-rest/process-definition/key/occm-migration/start",
        "{\"variables\":{\"clusterId\":{\"value\":\"hamburg\"}}}");
    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    assertThat(running("hamburg")).isEqualTo(1);
  }

  /**
   * The race the checks alone cannot see: a start whose transaction has not committed yet. The second start
   * passes every query (the first instance is invisible to it) and is stopped by the database row.
   */
  @Test
  void aStartRacingAnUncommittedStartIsRefusedByTheDatabase() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch secondSent = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
        runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).setVariable(Variable.CLUSTER_ID, "berlin").execute();
        firstStarted.countDown();
        await(secondSent);
        sleep(300); // the second start is now waiting for this transaction's row
      }));
      firstStarted.await(10, TimeUnit.SECONDS);
      Future<HttpResponse<String>> second = threads.submit(() -> {
        secondSent.countDown();
        return send("support", "POST", "/api/migrations", "{\"clusterId\":\"berlin\"}");
      });
      first.get(30, TimeUnit.SECONDS);
      HttpResponse<String> refused = second.get(30, TimeUnit.SECONDS);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
      assertThat(problemType(refused)).isEqualTo("migration-running");
    } finally {
      threads.shutdownNow();
    }
    assertThat(running("berlin")).isEqualTo(1);
  }

  @Test
  void aClusterCanBeMigratedAgainOnceItsMigrationIsGone() throws Exception {
    assertThat(send("support", "POST", "/api/migrations", "{\"clusterId\":\"munich\"}").statusCode()).isEqualTo(201);
    deleteMigrations(); // the end of the instance releases the cluster
    assertThat(send("support", "POST", "/api/migrations", "{\"clusterId\":\"munich\"}").statusCode()).isEqualTo(201);
  }

  private List<Integer> startTogether(String path, String body) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(threads.submit(() -> {
          together.await(10, TimeUnit.SECONDS);
          return send("support", "POST", path, body).statusCode();
        }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      threads.shutdownNow();
    }
  }

  private long running(String clusterId) {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .variableValueEquals(Variable.CLUSTER_ID, clusterId).count();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
