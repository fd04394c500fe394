package org.occmmigrator.system;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.NestedExceptionUtils;

/**
 * Turns the two start-up failures an operator causes (a missing setting, a database that cannot be
 * reached or refuses the credentials) into Spring Boot's short "APPLICATION FAILED TO START" report.
 */
public class StartupFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof MissingSettingException missing) {
        return new FailureAnalysis(missing.getMessage(), missing.action(), missing);
      }
    }
    Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
    SQLException sql = find(failure, SQLException.class);
    if (sql != null) {
      return new FailureAnalysis(
          "Cannot use the database: " + root.getMessage(),
          "Check OCCM_DB_URL, OCCM_DB_USER and OCCM_DB_PASSWORD (profile postgres) or OCCM_DATA_DIR"
              + " (embedded H2), and that the database accepts connections from this host.",
          failure);
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }
}
