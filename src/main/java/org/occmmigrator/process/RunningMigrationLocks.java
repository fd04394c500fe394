package org.occmmigrator.process;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One running migration per cluster, guaranteed by the database: a row per cluster with a running migration in
 * our table {@code OCCM_RUNNING_MIGRATION} (primary key = cluster id), written in the same transaction that
 * creates the process instance (the engine runs on Spring's transaction, so the same connection). Two starts at
 * the same moment, on one node or on several sharing the database: the second insert waits for the first
 * transaction and then fails on the key, and that start is refused. The row goes when the instance ends or is
 * deleted (the process's end listener, this bean); a row whose instance is gone all the same (deleted with
 * skipCustomListeners by an admin, or by an older version) is taken over by the next start.
 */
@Component
public class RunningMigrationLocks implements ExecutionListener {

  static final String TABLE = "OCCM_RUNNING_MIGRATION";
  private static final Logger log = LoggerFactory.getLogger(RunningMigrationLocks.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;

  RunningMigrationLocks(DataSource dataSource, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
    createTable();
  }

  private void createTable() {
    try {
      jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (CLUSTER_ID VARCHAR(63) NOT NULL PRIMARY KEY,"
          + " PROCESS_INSTANCE_ID VARCHAR(64) NOT NULL, LOCKED_AT TIMESTAMP NOT NULL)");
    } catch (DataAccessException concurrentCreate) {
      // another node created it at the same moment (PostgreSQL may report that as a key violation)
      jdbc.queryForList("SELECT CLUSTER_ID FROM " + TABLE + " WHERE 1 = 0");
      log.info("{} was created concurrently: {}", TABLE, concurrentCreate.getMessage());
    }
  }

  /** The process instance holding the cluster's row, if any. */
  public Optional<String> holder(String clusterId) {
    return jdbc.queryForList("SELECT PROCESS_INSTANCE_ID FROM " + TABLE + " WHERE CLUSTER_ID = ?", String.class, clusterId)
        .stream().findFirst();
  }

  /** Removes the row of an instance that no longer runs. */
  public void releaseStale(String clusterId, String processInstanceId) {
    int removed = jdbc.update("DELETE FROM " + TABLE + " WHERE CLUSTER_ID = ? AND PROCESS_INSTANCE_ID = ?", clusterId, processInstanceId);
    if (removed > 0) {
      log.warn("Removed the running-migration row of cluster {}: its instance {} no longer runs", clusterId, processInstanceId);
    }
  }

  /**
   * Takes the cluster's row for the instance within the current transaction; false when another transaction
   * holds it (then that transaction cannot continue on PostgreSQL: refuse the start).
   */
  public boolean tryLock(String clusterId, String processInstanceId) {
    try {
      jdbc.update("INSERT INTO " + TABLE + " (CLUSTER_ID, PROCESS_INSTANCE_ID, LOCKED_AT) VALUES (?, ?, ?)",
          clusterId, processInstanceId, Timestamp.from(clock.instant()));
      return true;
    } catch (DataIntegrityViolationException | PessimisticLockingFailureException taken) {
      return false;
    }
  }

  public void release(String processInstanceId) {
    jdbc.update("DELETE FROM " + TABLE + " WHERE PROCESS_INSTANCE_ID = ?", processInstanceId);
  }

  /** The end of a migration (declared on the process in the model): its row goes. */
  @Override
  public void notify(DelegateExecution execution) {
    release(execution.getProcessInstanceId());
  }
}
