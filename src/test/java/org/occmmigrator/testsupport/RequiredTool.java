package org.occmmigrator.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A test that needs something outside the JVM (a command, the real OpenStack rig): locally it is skipped with a
 * message saying how to get it; in CI (env CI=true) a missing tool fails the test, so that nothing passes by being
 * silently skipped.
 */
public final class RequiredTool {

  private RequiredTool() {}

  /** Skips (locally) or fails (CI=true) unless {@code available}; {@code howToGetIt} ends up in the report. */
  public static void require(boolean available, String howToGetIt) {
    if (available) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and a required tool is missing: " + howToGetIt);
    }
    Assumptions.abort(howToGetIt + " (in CI, with CI=true, this fails instead of skipping)");
  }

  /** Is this command an executable file on the PATH? */
  public static boolean onPath(String command) {
    return Stream.of(String.valueOf(System.getenv("PATH")).split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
