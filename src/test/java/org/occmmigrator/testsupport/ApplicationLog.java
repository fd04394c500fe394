package org.occmmigrator.testsupport;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The application's log as an operator reads it: an ERROR line is a bug unless the test expects it (as Strimzi's
 * end-to-end tests do). Reads the output of Spring Boot's console format ({@code <ISO time> ERROR <pid> --- [...]}),
 * e.g. a {@link org.springframework.boot.test.system.CapturedOutput} of {@code OutputCaptureExtension}.
 */
public final class ApplicationLog {

  /** A log line at level ERROR in Spring Boot's console format: the level follows the ISO-8601 timestamp. */
  private static final Pattern ERROR_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+ERROR\\s.*$", Pattern.MULTILINE);

  private ApplicationLog() {}

  /** An ERROR line a test provokes on purpose: {@code why} says what the test does, {@code line} matches the line. */
  public record ExpectedError(String why, Pattern line) {

    /** {@code regex} is searched for anywhere in the line. */
    public static ExpectedError of(String why, String regex) {
      return new ExpectedError(why, Pattern.compile(regex));
    }

    boolean matches(String errorLine) {
      return line.matcher(errorLine).find();
    }
  }

  /** The ERROR lines of the log, in order (without their stack traces). */
  public static List<String> errorLines(CharSequence log) {
    return ERROR_LINE.matcher(log).results().map(match -> match.group()).toList();
  }

  /**
   * Fails, listing them, when the log has ERROR lines that none of {@code expected} matches.
   *
   * @throws AssertionError naming each unexpected line
   */
  public static void assertNoUnexpectedErrors(CharSequence log, List<ExpectedError> expected) {
    List<String> unexpected = errorLines(log).stream()
        .filter(line -> expected.stream().noneMatch(error -> error.matches(line))).toList();
    if (!unexpected.isEmpty()) {
      throw new AssertionError("The application logged " + unexpected.size() + " unexpected ERROR line(s):\n"
          + String.join("\n", unexpected));
    }
  }
}
