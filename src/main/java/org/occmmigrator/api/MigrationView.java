package org.occmmigrator.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A migration as the API reports it. */
/**
 * A migration as the API shows it. problem: why the open escalation or handover task came back (a failed LB, a DNS
 * record that never matched, a move that was rolled back), null when none; findings: what the last check of a waiting step found still missing, with what to
 * check (as on the escalation form); planChanges: how the cluster differs from the confirmed plan, while the
 * confirmation is back with the engineer. Both empty when there is nothing.
 */
record MigrationView(
    String id,
    String clusterId,
    State state,
    Instant startedAt,
    Instant endedAt,
    List<String> currentSteps,
    List<OpenTask> openTasks,
    List<String> incidents,
    Map<String, String> handovers,
    String rejectionReason,
    String problem,
    List<String> findings,
    List<String> planChanges,
    Map<String, String> links) {

  enum State { RUNNING, WAITING_FOR_OPERATOR, INCIDENT, COMPLETED, REJECTED, CANCELLED, MANUAL_HANDLING }

  /** An open user task; {@code due} is set where the process has a deadline (handovers, escalations). */
  record OpenTask(String id, String name, String step, String assignee, Instant created, Instant due) {}
}
