package org.occmmigrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.occmmigrator.testsupport.ApplicationLog.ExpectedError;

/** The end-to-end tests' log check: what it counts as an error, and that only what a test expects passes. */
class ApplicationLogTest {

  private static final String LOG = """
      2026-11-29T14:43:51.001Z  INFO 12375 --- [occm-migrator] [main] o.o.OccmMigratorApplication : Started; ERROR budget 0
      2026-11-29T14:43:51.496Z ERROR 12375 --- [occm-migrator] [aTaskExecutor-1] org.camunda.bpm.engine.context : ENGINE-16004 \
      Exception while closing command context: OpenStack: cannot find the old load balancer a12: HTTP 503 Service Unavailable.
      org.occmmigrator.openstack.OpenStackTransientException: ERROR in a stack trace is part of the line above
      \tat org.occmmigrator.openstack.OpenStackSessions.translate(OpenStackSessions.java:120)
      2026-11-29T14:43:52.000Z  WARN 12375 --- [occm-migrator] [main] o.c.b.engine : ENGINE-14006 a warning
      2026-11-29T14:43:53.000Z ERROR 12375 --- [occm-migrator] [http-nio-1] o.a.c.c.C.[dispatcherServlet] : Servlet failed
      """;

  @Test
  void findsOnlyLinesLoggedAtErrorLevel() {
    assertThat(ApplicationLog.errorLines(LOG)).hasSize(2).allSatisfy(line -> assertThat(line).contains(" ERROR 12375 "));
  }

  @Test
  void failsOnAnErrorLineThatNoTestExpectsAndNamesIt() {
    var outage = ExpectedError.of("Neutron is down on purpose", "ENGINE-16004 .*HTTP 503");
    assertThatThrownBy(() -> ApplicationLog.assertNoUnexpectedErrors(LOG, List.of(outage)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("1 unexpected ERROR line")
        .hasMessageContaining("Servlet failed").hasMessageNotContaining("HTTP 503");
  }

  @Test
  void passesWhenEveryErrorLineIsExpected() {
    assertThatCode(() -> ApplicationLog.assertNoUnexpectedErrors(LOG, List.of(
        ExpectedError.of("Neutron is down on purpose", "ENGINE-16004 .*HTTP 503"),
        ExpectedError.of("a servlet failure provoked on purpose", "Servlet failed")))).doesNotThrowAnyException();
    assertThatCode(() -> ApplicationLog.assertNoUnexpectedErrors("2026-11-29T14:43:51.001Z  INFO 1 --- [x] [main] y : z\n",
        List.of())).doesNotThrowAnyException();
  }
}
