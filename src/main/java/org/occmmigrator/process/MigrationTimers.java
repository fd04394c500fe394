package org.occmmigrator.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Durations the model's timers read through {@code ${migrationTimers...}} (ISO-8601, as Camunda wants):
 * the back-off of the check loops and how long a step may take before an operator is asked; and the due
 * dates of the user tasks that have a deadline (handovers, escalations), which Tasklist shows and sorts by.
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
