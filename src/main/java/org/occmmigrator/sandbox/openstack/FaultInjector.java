package org.occmmigrator.sandbox.openstack;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Faults a sandbox API server injects: an error status, a slow answer, a dropped connection or a lost answer. Two
 * sources: rules that match requests (a test's outage of one API), and a fault rate that fails any request with a
 * probability (a flaky cloud).
 */
public final class FaultInjector {

  /**
   * STATUS: an error answer; DELAY: the answer after a delay; DROP: the connection is closed before the request is
   * acted on; LOSE_ANSWER: the request is acted on and its answer lost (closed, or withheld until the client gives
   * up) — the fault that makes repeating a request unsafe unless it is idempotent.
   */
  public enum Action { STATUS, DELAY, DROP, LOSE_ANSWER }

  /** What a fault rate's faults are, drawn evenly. */
  public enum Kind {
    /** 500 or 503. */
    SERVER_ERROR,
    /** The connection drops: before the request is acted on, or after it (the answer is lost), half each. */
    DROPPED,
    /** 409 on a change (the object is busy, as Octavia's PENDING_* objects are), 429 on a read (throttled). */
    BUSY,
    /** The answer comes after {@link FaultRate#slow()}, otherwise as normal. */
    SLOW
  }

  /**
   * A flaky cloud: every request not under {@code /_sandbox} fails with probability {@code rate} (0.2: one in five),
   * with a kind drawn evenly from {@code kinds}; {@code seed} seeds the draw (the order in which parallel requests
   * arrive still varies). Rules are asked first.
   */
  public record FaultRate(double rate, long seed, List<Kind> kinds, Duration slow) {

    public FaultRate {
      if (rate < 0 || rate > 1 || kinds == null || kinds.isEmpty()) {
        throw new IllegalArgumentException("A fault rate is between 0 and 1 and has at least one kind");
      }
      kinds = List.copyOf(kinds);
      slow = slow == null ? Duration.ofMillis(500) : slow;
    }

    /** Every kind, slow answers taking half a second. */
    public static FaultRate of(double rate, long seed) {
      return new FaultRate(rate, seed, List.of(Kind.values()), Duration.ofMillis(500));
    }
  }

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

    /** The request is acted on and its answer lost: the connection closes instead. */
    public static Rule loseAnswer(String method, String pathPattern, int times) {
      return new Rule(method, pathPattern, Action.LOSE_ANSWER, 0, Duration.ZERO, 1.0, times, null, null);
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
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<Kind, AtomicInteger> firedByKind = new EnumMap<>(Kind.class);
  private volatile FaultRate rate;
  private volatile Random rateRandom;

  public FaultInjector() {
    for (Kind kind : Kind.values()) {
      firedByKind.put(kind, new AtomicInteger());
    }
  }

  public void add(Rule rule) {
    rules.add(new Armed(rule, Pattern.compile(rule.pathPattern()),
        rule.bodyPattern() == null ? null : Pattern.compile(rule.bodyPattern()),
        new AtomicInteger(rule.times() <= 0 ? -1 : rule.times())));
  }

  /** Removes the rules (not the fault rate). */
  public void clear() {
    rules.clear();
  }

  /** Fails requests at this rate from now on; null: none. */
  public void setRate(FaultRate faultRate) {
    this.rateRandom = faultRate == null ? null : new Random(faultRate.seed());
    this.rate = faultRate;
  }

  public FaultRate rate() {
    return rate;
  }

  /** How many faults fired so far (rules and rate). */
  public int fired() {
    return fired.get();
  }

  /** How many of the rate's faults of this kind fired so far. */
  public int fired(Kind kind) {
    return firedByKind.get(kind).get();
  }

  /** How many requests were asked about so far. */
  public int requests() {
    return requests.get();
  }

  /** The rule that fires for this request, if any (counting it). */
  public Optional<Rule> match(String method, String path) {
    return match(method, path, "");
  }

  /** The rule that fires for this request and body, if any (counting it); else the fault rate's fault, if one fires. */
  public Optional<Rule> match(String method, String path, String body) {
    requests.incrementAndGet();
    Optional<Rule> ruled = matchRule(method, path, body);
    return ruled.isPresent() ? ruled : drawn(method);
  }

  /** A fault of the rate, or none. */
  private Optional<Rule> drawn(String method) {
    FaultRate faultRate = rate;
    Random draw = rateRandom;
    if (faultRate == null || draw == null || draw.nextDouble() >= faultRate.rate()) {
      return Optional.empty();
    }
    Kind kind = faultRate.kinds().get(draw.nextInt(faultRate.kinds().size()));
    boolean change = !method.equals("GET") && !method.equals("HEAD");
    Rule fault = switch (kind) {
      case SERVER_ERROR -> {
        int status = draw.nextBoolean() ? 500 : 503;
        yield Rule.status(method, ".*", status, 1).withMessage("injected fault " + status + ": the API is unwell");
      }
      case DROPPED -> draw.nextBoolean() ? Rule.drop(method, ".*", 1)
          : Rule.loseAnswer(method, ".*", 1);
      case BUSY -> change
          ? Rule.status(method, ".*", 409, 1).withMessage("injected fault 409: the object is busy (PENDING_UPDATE), retry")
          : Rule.status(method, ".*", 429, 1).withMessage("injected fault 429: too many requests, retry");
      case SLOW -> Rule.delay(method, ".*", faultRate.slow(), 1);
    };
    fired.incrementAndGet();
    firedByKind.get(kind).incrementAndGet();
    return Optional.of(fault);
  }

  private Optional<Rule> matchRule(String method, String path, String body) {
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
