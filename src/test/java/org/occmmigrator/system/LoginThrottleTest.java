package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Guessing is slowed for the guessing client only, for a limited time. */
class LoginThrottleTest {

  private Instant now = Instant.parse("2026-01-01T10:00:00Z");
  private final LoginThrottle throttle = new LoginThrottle(new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  });

  @Test
  void aClientWaitsAfterFiveFailuresForAUserAndOnlyThatClient() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("198.51.100.7", "admin");
    }
    assertThat(throttle.waitFor("198.51.100.7", "admin")).isEmpty();
    throttle.failed("198.51.100.7", "admin");
    assertThat(throttle.waitFor("198.51.100.7", "admin")).contains(Duration.ofSeconds(30));
    assertThat(throttle.waitFor("192.0.2.1", "admin")).as("the admin at their own desk").isEmpty();
  }

  @Test
  void theWaitGrowsButNeverPastFifteenMinutesAndEnds() {
    for (int i = 0; i < 1000; i++) {
      throttle.failed("198.51.100.7", "admin");
    }
    assertThat(throttle.waitFor("198.51.100.7", "admin")).contains(Duration.ofMinutes(15));
    now = now.plus(Duration.ofMinutes(15));
    assertThat(throttle.waitFor("198.51.100.7", "admin")).as("a time-limited wait, not a lock").isEmpty();
  }

  @Test
  void aSuccessClearsTheCountAndAnUnlockClearsEveryClientsCount() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("198.51.100.7", "support");
    }
    throttle.succeeded("198.51.100.7", "support");
    throttle.failed("198.51.100.7", "support");
    assertThat(throttle.waitFor("198.51.100.7", "support")).isEmpty();

    for (int i = 0; i < 6; i++) {
      throttle.failed("203.0.113.5", "support");
    }
    assertThat(throttle.waitFor("203.0.113.5", "support")).isPresent();
    throttle.unlock("support");
    assertThat(throttle.waitFor("203.0.113.5", "support")).isEmpty();
  }

  @Test
  void aClientSprayingManyUsersWaitsToo() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_CLIENT; i++) {
      throttle.failed("198.51.100.7", "user" + i);
    }
    assertThat(throttle.waitFor("198.51.100.7", "someone-else")).isPresent();
    assertThat(throttle.waitFor("192.0.2.1", "someone-else")).isEmpty();
  }
}
