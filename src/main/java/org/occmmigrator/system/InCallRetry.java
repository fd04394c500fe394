package org.occmmigrator.system;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first line against a flaky cloud: a request that failed transiently (5xx, dropped connection, timeout, 409 busy,
 * 429) is sent again inside the same call, after a back-off of {@code firstBackoff} that doubles each time (±25 %
 * jitter, so that parallel jobs do not retry in step). A transient fault then costs a second, not a failed job run
 * whose next attempt the process's retry cycle (the second line: 10 s, 30 s, 1, 2, 5 min, then an incident) schedules
 * minutes later. With five attempts, a call fails at 20 % faulty requests in about 1 of 3,000 (0.2^5).
 *
 * <p>Bounded twice so that a persistent outage still reaches the process quickly and a job stays well inside its 60 s
 * lock: at most {@code attempts} requests, and no new attempt once {@code budget} has passed since the first one began
 * (a call lasts at most the budget plus one request timeout).
 *
 * <p>Only for requests that are safe to send twice — a read, a PUT or PATCH that sets a target state, a DELETE whose
 * 404 counts as done, Keystone's token request (a second token harms nothing) — because a fault may have hit after the
 * server acted (the answer was lost). Never for a POST that creates something: the adapters make none. (OkHttp, under
 * openstack4j, also resends a request by itself when a pooled connection drops; harmless for the same reason.)
 */
public record InCallRetry(int attempts, Duration firstBackoff, Duration budget) {

  /** Five attempts, 0.2 / 0.4 / 0.8 / 1.6 s apart (3 s in all), none started after 8 s. */
  public static final InCallRetry DEFAULT = new InCallRetry(5, Duration.ofMillis(200), Duration.ofSeconds(8));

  private static final Logger log = LoggerFactory.getLogger(InCallRetry.class);

  /**
   * Runs {@code request}; while it throws a fault that {@code worthRepeating} accepts and attempts and budget are left,
   * waits and runs it again.
   *
   * @param what for the DEBUG line of each repetition, e.g. "OpenStack: list floating IPs"
   * @throws RuntimeException the last fault, when none is left or the fault is not worth repeating
   */
  public <T> T run(String what, Supplier<T> request, Predicate<RuntimeException> worthRepeating) {
    long started = System.nanoTime();
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (RuntimeException fault) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (attempt >= attempts || !worthRepeating.test(fault) || elapsed.plus(backoff).compareTo(budget) > 0) {
          throw fault;
        }
        log.debug("{}: attempt {} failed ({}); again in about {} ms", what, attempt, fault.getMessage(), backoff.toMillis());
        if (!sleep(backoff)) {
          throw fault; // the job is being stopped: no more attempts
        }
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  /** Sleeps about {@code backoff}; false when interrupted (the flag is set again). */
  private static boolean sleep(Duration backoff) {
    long millis = backoff.toMillis();
    long jittered = millis - millis / 4 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    try {
      Thread.sleep(jittered);
      return true;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
