package org.occmmigrator.process.delegates;

import java.time.Clock;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceOutcome;
import org.occmmigrator.process.validation.Answers;
import org.occmmigrator.process.validation.FieldType;
import org.occmmigrator.process.validation.RefusedInputException;
import org.springframework.stereotype.Component;

/**
 * Records a handover task's answer as the service's outcome (on the process instance, so that the interlock and
 * the report find it after the service's instance ended); an answer its form's rules refuse
 * ({@code HandoverAnswerValidator}) is refused and the task stays open.
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
    List<String> errors = Answers.errors("handover-dns", task);
    if (!errors.isEmpty()) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "The handover of " + service + " is refused: " + String.join("; ", errors), errors);
    }
    String decision = (String) task.getVariable(Variable.HANDOVER_DECISION);
    boolean waived = Answers.HandoverDecision.WAIVE.name().equals(decision);
    String hostname = (String) task.getVariable(Variable.DNS_HOSTNAME);
    Long ttl = (Long) FieldType.WHOLE_NUMBER.canonical(task.getVariable(Answers.DNS_TTL_SECONDS));
    ServiceOutcome outcome = ProcessVariables.outcome(task, service);
    if (outcome == null) {
      outcome = ServiceOutcome.start(service, ProcessVariables.handovers(task).get(service), ProcessVariables.details(task));
    }
    ProcessVariables.outcome(task, outcome.withDecision(decision, waived ? ((String) task.getVariable(Variable.WAIVER_REASON)).strip() : null,
        hostname == null || hostname.isBlank() ? null : hostname, ttl == null ? null : ttl.intValue(), clock.instant()));
  }
}
