package org.occmmigrator.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who did what to which migration, and every refused attempt: a row per start, task answer (with the values of
 * the form's fields, which hold decisions, host names, TTLs and reasons — never a credential), other change, and
 * refusal, in our table {@code OCCM_AUDIT_LOG} on the engine's database (shared by all nodes). Written in its own
 * transaction, so that a refused request, whose engine transaction rolled back, is still recorded.
 */
@Component
public class AuditLog {

  /** What happened. */
  public enum Action { STARTED, ANSWERED, CHANGED, REFUSED }

  /**
   * One entry. {@code request} is "METHOD /path" relative to its API; {@code status} the HTTP status answered;
   * {@code values} the answer's fields (for a refused answer, a field the form does not have appears with the
   * value "(not a field of this form)").
   */
  public record Entry(Instant at, String user, Action action, String migrationId, String taskId, String step,
      String request, int status, String detail, Map<String, Object> values) {}

  static final String TABLE = "OCCM_AUDIT_LOG";
  private static final int MAX_DETAIL = 1000;
  private static final int MAX_VALUES = 4000;
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  AuditLog(DataSource dataSource, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
    try {
      jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (ID VARCHAR(36) NOT NULL PRIMARY KEY, AT TIMESTAMP NOT NULL,"
          + " USER_ID VARCHAR(128), ACTION VARCHAR(16) NOT NULL, MIGRATION_ID VARCHAR(64), TASK_ID VARCHAR(64),"
          + " STEP VARCHAR(255), REQUEST VARCHAR(600), STATUS INTEGER, DETAIL VARCHAR(" + MAX_DETAIL + "),"
          + " ANSWER VARCHAR(" + MAX_VALUES + "))");
      jdbc.execute("CREATE INDEX IF NOT EXISTS OCCM_AUDIT_LOG_MIGRATION ON " + TABLE + " (MIGRATION_ID, AT)");
    } catch (DataAccessException concurrentCreate) {
      jdbc.queryForList("SELECT ID FROM " + TABLE + " WHERE 1 = 0");
    }
  }

  void record(String user, Action action, String migrationId, String taskId, String step, String request, int status,
      String detail, Map<String, Object> values) {
    try {
      jdbc.update("INSERT INTO " + TABLE + " (ID, AT, USER_ID, ACTION, MIGRATION_ID, TASK_ID, STEP, REQUEST, STATUS, DETAIL, ANSWER)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(), Timestamp.from(clock.instant()), cut(user, 128), action.name(), cut(migrationId, 64),
          cut(taskId, 64), cut(step, 255), cut(request, 600), status, cut(detail, MAX_DETAIL), valuesJson(values));
    } catch (DataAccessException failed) {
      // the audit must not turn an answered request into an error; the log line keeps the fact
      log.error("Audit entry not written ({} {} {} by {}): {}", action, request, status, user, failed.getMessage());
    }
  }

  /** A migration's entries, oldest first. */
  public List<Entry> ofMigration(String migrationId) {
    return jdbc.query("SELECT * FROM " + TABLE + " WHERE MIGRATION_ID = ? ORDER BY AT, ID", this::entry, migrationId);
  }

  /** All entries, newest first, a page at a time. */
  public List<Entry> latest(int page, int size) {
    return jdbc.query("SELECT * FROM " + TABLE + " ORDER BY AT DESC, ID LIMIT ? OFFSET ?", this::entry, size, (long) page * size);
  }

  private Entry entry(ResultSet row, int index) throws SQLException {
    Map<String, Object> values = Map.of();
    String answer = row.getString("ANSWER");
    if (answer != null) {
      try {
        values = json.readValue(answer, new TypeReference<Map<String, Object>>() {});
      } catch (JsonProcessingException cut) {
        values = Map.of("(values)", answer);
      }
    }
    int status = row.getInt("STATUS");
    return new Entry(row.getTimestamp("AT").toInstant(), row.getString("USER_ID"), Action.valueOf(row.getString("ACTION")),
        row.getString("MIGRATION_ID"), row.getString("TASK_ID"), row.getString("STEP"), row.getString("REQUEST"),
        status, row.getString("DETAIL"), values);
  }

  private String valuesJson(Map<String, Object> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    try {
      String text = json.writeValueAsString(values);
      return text.length() <= MAX_VALUES ? text : json.writeValueAsString(Map.of("(values)", text.substring(0, MAX_VALUES - 100) + "…"));
    } catch (JsonProcessingException unexpected) {
      return null;
    }
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
