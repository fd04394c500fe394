package org.occmmigrator.system;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without letting a stranger lock anyone out. Failed logins are counted per client
 * address and user (and per client address over all users); after {@value #FREE_FAILURES} failures that client
 * must wait before it may try that user again — 30 s, doubling with each further failure up to 15 minutes — and
 * a success clears its count. The wait applies to the failing client only: the user logs in from anywhere else
 * as usual, so no number of wrong passwords from a stranger locks an account (Camunda's own lock, which
 * is permanent after ten failures from anyone, is off). Counts live in memory, per node, and are forgotten
 * after an hour without failures; an administrator's unlock of a user ({@code POST /engine-rest/user/{id}/unlock})
 * clears them at once.
 */
@Component
public class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final int FREE_FAILURES_PER_CLIENT = 20;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  private record Failures(int count, Instant waitUntil) {}

  private final Clock clock;
  private final Cache<String, Failures> failures = CacheBuilder.newBuilder()
      .maximumSize(100_000).expireAfterWrite(1, TimeUnit.HOURS).build();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the client must still wait before it may try this user's password, if it must. */
  public Optional<Duration> waitFor(String client, String user) {
    Instant now = clock.instant();
    Instant until = later(waitUntil(key(client, user)), waitUntil(key(client, null)));
    return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
  }

  public void failed(String client, String user) {
    count(key(client, user), FREE_FAILURES);
    count(key(client, null), FREE_FAILURES_PER_CLIENT);
  }

  public void succeeded(String client, String user) {
    failures.invalidate(key(client, user));
  }

  /** Forgets every count for the user (an administrator unlocked it). */
  public void unlock(String user) {
    failures.asMap().keySet().removeIf(key -> key.endsWith("\n" + user));
  }

  private void count(String key, int free) {
    failures.asMap().compute(key, (k, before) -> {
      int count = before == null ? 1 : before.count() + 1;
      Instant until = null;
      if (count >= free) {
        long factor = 1L << Math.min(count - free, 10);
        Duration wait = FIRST_WAIT.multipliedBy(factor);
        until = clock.instant().plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
      }
      return new Failures(count, until);
    });
  }

  private Instant waitUntil(String key) {
    Failures counted = failures.getIfPresent(key);
    return counted == null ? null : counted.waitUntil();
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static String key(String client, String user) {
    return client + "\n" + (user == null ? "*" : user);
  }
}
