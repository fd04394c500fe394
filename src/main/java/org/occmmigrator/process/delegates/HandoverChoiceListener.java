package org.occmmigrator.process.delegates;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceOutcome;
import org.springframework.stereotype.Component;

/**
 * Validates a handover task's answer on the server and records it as the service's outcome (on the
 * process instance, so that the interlock and the report find it after the service's instance ended).
 */
@Component
class HandoverChoiceListener implements TaskListener {

  private final Clock clock;

  HandoverChoiceListener(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    String service = (String) task.getVariable(Variable.SERVICE);
    Object decision = task.getVariable(Variable.HANDOVER_DECISION);
    if (!"DONE".equals(decision) && !"WAIVE".equals(decision)) {
      throw new NotValidException("handoverDecision must be DONE or WAIVE, not '" + decision + "'");
    }
    String reason = (String) task.getVariable(Variable.WAIVER_REASON);
    if ("WAIVE".equals(decision) && (reason == null || reason.strip().length() < 10)) {
      throw new NotValidException("A waiver of the handover of " + service + " needs a reason (at least 10 characters)");
    }
    String hostname = (String) task.getVariable(Variable.DNS_HOSTNAME);
    if (hostname != null && !hostname.isBlank() && !hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw new NotValidException("'" + hostname + "' is not a hostname");
    }
    Object ttl = task.getVariable("dnsTtlSeconds");
    Integer ttlSeconds = ttl instanceof Number n ? n.intValue() : null;
    if (ttlSeconds != null && (ttlSeconds < 0 || ttlSeconds > 604800)) {
      throw new NotValidException("dnsTtlSeconds must be between 0 and 604800");
    }
    ServiceOutcome outcome = ProcessVariables.outcome(task, service);
    if (outcome == null) {
      outcome = ServiceOutcome.start(service, ProcessVariables.handovers(task).get(service), ProcessVariables.details(task));
    }
    ProcessVariables.outcome(task, outcome.withDecision((String) decision, "WAIVE".equals(decision) ? reason.strip() : null,
        hostname == null || hostname.isBlank() ? null : hostname, ttlSeconds, clock.instant()));
  }
}
