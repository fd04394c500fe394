package org.occmmigrator.sandbox.openstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * How long the emulator takes to answer a call: {@code none} (tests) or {@code realistic} — the ranges measured on a
 * real OpenStack Zed (src/test/openstack-rig/README.md, "Measured times"), so that demos and benchmarks on the sandbox
 * do not flatter the product (a FIP PUT takes 0.3–1.6 s there, 1–6 ms in an emulator without latency). Calls not
 * listed answer at once. Setting: {@code occm.sandbox.openstack.latency}.
 */
public final class ApiLatency {

  private record Range(String method, Pattern path, int minMillis, int maxMillis) {}

  public static final ApiLatency NONE = new ApiLatency(List.of());

  private static final ApiLatency REALISTIC = new ApiLatency(List.of(
      new Range("POST", Pattern.compile("^/identity/v3/auth/tokens"), 18, 40),
      new Range("PUT", Pattern.compile("^/network/v2\\.0/floatingips/"), 300, 1600),
      new Range("POST", Pattern.compile("^/network/v2\\.0/floatingips"), 450, 1500),
      new Range("POST", Pattern.compile("^/network/v2\\.0/ports"), 300, 900),
      new Range("POST", Pattern.compile("/lbaas/loadbalancers/?$"), 500, 1000),
      new Range("POST", Pattern.compile("/lbaas/(listeners|pools|healthmonitors)/?$|/members/?$"), 100, 650),
      new Range("GET", Pattern.compile("^/network/v2\\.0/"), 60, 150)));

  private final List<Range> ranges;

  private ApiLatency(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** "none" or "realistic". */
  public static ApiLatency named(String setting) {
    return switch (setting == null ? "none" : setting.trim().toLowerCase()) {
      case "none", "" -> NONE;
      case "realistic" -> REALISTIC;
      default -> throw new IllegalArgumentException("occm.sandbox.openstack.latency must be none or realistic, not " + setting);
    };
  }

  /** The delay for this request: uniform in the measured range of its kind, zero if none applies. */
  Duration of(String method, String path) {
    for (Range range : ranges) {
      if (range.method().equals(method) && range.path().matcher(path).find()) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextInt(range.minMillis(), range.maxMillis() + 1));
      }
    }
    return Duration.ZERO;
  }
}
