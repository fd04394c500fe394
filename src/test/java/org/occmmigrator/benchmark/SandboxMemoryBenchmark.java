package org.occmmigrator.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.occmmigrator.sandbox.DemoPlatform;
import org.occmmigrator.sandbox.SandboxCloud;

/**
 * Does the sandbox cloud's memory stay flat while it runs for hours (the demo runs on it)? Runs the demo
 * platform's simulated controllers at ten times the default rate (tick 100 ms) for two minutes and prints
 * the heap in use after a full GC every 20 s. Prints numbers, asserts nothing; results in docs/benchmarks.md.
 * Run: {@code mvn -o test -Dtest=SandboxMemoryBenchmark -Dbenchmarks=true}.
 */
@Tag("benchmark")
class SandboxMemoryBenchmark {

  @Test
  void heapWhileTheSandboxRuns() throws Exception {
    var timing = new SandboxCloud.Timing(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(10));
    try (SandboxCloud sandbox = new SandboxCloud(DemoPlatform.load("sandbox/demo-clusters.yaml"), timing,
        Files.createTempDirectory("sandbox-benchmark"), Clock.systemUTC())) {
      long start = System.nanoTime();
      double first = heapMiB();
      System.out.printf("sandbox-memory: t=%3ds heap=%.1f MiB%n", 0, first);
      for (int round = 1; round <= 6; round++) {
        Thread.sleep(20_000);
        double heap = heapMiB();
        System.out.printf("sandbox-memory: t=%3ds heap=%.1f MiB (%+.1f MiB since start)%n",
            (System.nanoTime() - start) / 1_000_000_000, heap, heap - first);
      }
    }
  }

  private static double heapMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
  }
}
