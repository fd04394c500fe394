package org.occmmigrator.sandbox.openstack;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Faults the emulator injects: an error status, a slow answer or a dropped connection. */
public final class FaultInjector {

  public enum Action { STATUS, DELAY, DROP }

  /**
   * Matches requests by method and path (regular expressions) and, if {@code bodyPattern} is set, by a regular
   * expression found in the request body; fires with a probability and, when times is positive, only for that many
   * matching requests. A STATUS answer carries {@code message} (default "injected fault &lt;status&gt;") in the
   * Neutron error shape, so that a client sees what a cloud would say.
   */
  public record Rule(String method, String pathPattern, Action action, int status, Duration delay, double probability,
      int times, String bodyPattern, String message) {

    public static Rule status(String method, String pathPattern, int status, int times) {
      return new Rule(method, pathPattern, Action.STATUS, status, Duration.ZERO, 1.0, times, null, null);
    }

    public static Rule drop(String method, String pathPattern, int times) {
      return new Rule(method, pathPattern, Action.DROP, 0, Duration.ZERO, 1.0, times, null, null);
    }

    public static Rule delay(String method, String pathPattern, Duration delay, int times) {
      return new Rule(method, pathPattern, Action.DELAY, 0, delay, 1.0, times, null, null);
    }

    /** The same rule, only for requests whose body contains a match of the regular expression. */
    public Rule whenBodyMatches(String regex) {
      return new Rule(method, pathPattern, action, status, delay, probability, times, regex, message);
    }

    /** The same rule, answering with this error message. */
    public Rule withMessage(String text) {
      return new Rule(method, pathPattern, action, status, delay, probability, times, bodyPattern, text);
    }
  }

  private record Armed(Rule rule, Pattern path, Pattern body, AtomicInteger left) {}

  private final List<Armed> rules = new CopyOnWriteArrayList<>();
  private final Random random = new Random(42);
  private final AtomicInteger fired = new AtomicInteger();

  public void add(Rule rule) {
    rules.add(new Armed(rule, Pattern.compile(rule.pathPattern()),
        rule.bodyPattern() == null ? null : Pattern.compile(rule.bodyPattern()),
        new AtomicInteger(rule.times() <= 0 ? -1 : rule.times())));
  }

  public void clear() {
    rules.clear();
  }

  /** How many faults fired so far. */
  public int fired() {
    return fired.get();
  }

  /** The rule that fires for this request, if any (counting it). */
  public Optional<Rule> match(String method, String path) {
    return match(method, path, "");
  }

  /** The rule that fires for this request and body, if any (counting it). */
  public Optional<Rule> match(String method, String path, String body) {
    for (Armed armed : rules) {
      if (!method.matches(armed.rule().method()) || !armed.path().matcher(path).find()
          || armed.body() != null && !armed.body().matcher(body).find()) {
        continue;
      }
      if (armed.left().get() == 0 || random.nextDouble() >= armed.rule().probability()) {
        continue;
      }
      if (armed.left().get() > 0 && armed.left().decrementAndGet() < 0) {
        continue;
      }
      fired.incrementAndGet();
      return Optional.of(armed.rule());
    }
    return Optional.empty();
  }
}
