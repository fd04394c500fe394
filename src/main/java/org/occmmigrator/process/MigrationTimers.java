package org.occmmigrator.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Durations the model's timers read through {@code ${migrationTimers...}} (ISO-8601, as Camunda wants):
 * the back-off of the check loops and how long a step may take before an operator is asked; the retry cycle of every
 * service task; and the due dates of the user tasks that have a deadline (handovers, escalations), which Tasklist
 * shows and sorts by.
 */
@Component("migrationTimers")
@ConfigurationProperties("occm.migration.timers")
public class MigrationTimers {

  private Duration firstCheckAfter = Duration.ofSeconds(10);
  private Duration maxCheckInterval = Duration.ofMinutes(5);
  private Duration controlPlaneTimeout = Duration.ofMinutes(45);
  private Duration loadBalancerTimeout = Duration.ofMinutes(30);
  private Duration rotationTimeout = Duration.ofHours(6);
  private Duration handoverPeriod = Duration.ofDays(5);
  private Duration escalationResponse = Duration.ofHours(4);
  private List<Duration> retryCycle = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
      Duration.ofMinutes(2), Duration.ofMinutes(5));

  /** Doubles the wait after every unsuccessful check, from firstCheckAfter up to maxCheckInterval. */
  public String backoff(Object checkRound) {
    int round = checkRound instanceof Number n ? Math.max(1, n.intValue()) : 1;
    Duration wait = firstCheckAfter.multipliedBy(1L << Math.min(round - 1, 20));
    return (wait.compareTo(maxCheckInterval) > 0 ? maxCheckInterval : wait).toString();
  }

  /**
   * When every handover of a migration should be done: worker rotation waits for the last one, and until then the
   * cluster runs two load balancers per Service. Evaluated once per Service when its handover starts.
   */
  public Date handoverDue() {
    return dueIn(handoverPeriod);
  }

  /** When a stalled step should have an answer: the cluster is half migrated while it waits. */
  public Date escalationDue() {
    return dueIn(escalationResponse);
  }

  private static Date dueIn(Duration period) {
    return Date.from(Instant.now().plus(period));
  }

  /**
   * When a failed service-task job runs again (Camunda's failedJobRetryTimeCycle): the second line against a flaky
   * cloud, after the adapters' in-call retry (InCallRetry, about 3 s). Five more attempts over about 9 minutes: a
   * cloud that is away for minutes (an API restart, a failover) pages nobody; one away for longer raises one incident
   * on the step, whose message says what to check. Property occm.migration.timers.retry-cycle, e.g.
   * {@code PT10S,PT30S,PT1M,PT2M,PT5M}.
   */
  public String getRetryCycle() {
    return String.join(",", retryCycle.stream().map(Duration::toString).toList());
  }

  public void setRetryCycle(List<Duration> retryCycle) {
    if (retryCycle == null || retryCycle.isEmpty()) {
      throw new IllegalArgumentException("occm.migration.timers.retry-cycle needs at least one interval");
    }
    this.retryCycle = List.copyOf(retryCycle);
  }

  public String getControlPlaneTimeout() {
    return controlPlaneTimeout.toString();
  }

  public String getLoadBalancerTimeout() {
    return loadBalancerTimeout.toString();
  }

  public String getRotationTimeout() {
    return rotationTimeout.toString();
  }

  public void setFirstCheckAfter(Duration firstCheckAfter) {
    this.firstCheckAfter = firstCheckAfter;
  }

  public void setMaxCheckInterval(Duration maxCheckInterval) {
    this.maxCheckInterval = maxCheckInterval;
  }

  public void setControlPlaneTimeout(Duration controlPlaneTimeout) {
    this.controlPlaneTimeout = controlPlaneTimeout;
  }

  public void setLoadBalancerTimeout(Duration loadBalancerTimeout) {
    this.loadBalancerTimeout = loadBalancerTimeout;
  }

  public void setRotationTimeout(Duration rotationTimeout) {
    this.rotationTimeout = rotationTimeout;
  }

  public void setHandoverPeriod(Duration handoverPeriod) {
    this.handoverPeriod = handoverPeriod;
  }

  public void setEscalationResponse(Duration escalationResponse) {
    this.escalationResponse = escalationResponse;
  }
}
