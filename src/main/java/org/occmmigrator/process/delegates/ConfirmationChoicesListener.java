package org.occmmigrator.process.delegates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.occmmigrator.process.Handover;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.validation.Answers;
import org.occmmigrator.process.validation.FieldType;
import org.occmmigrator.process.validation.RefusedInputException;
import org.springframework.stereotype.Component;

/**
 * Turns the two lists of the confirmation form — services whose IP is moved, services whose IP is pinned — into
 * the handover per service; services in neither list are handed over by DNS. The answer's shape was checked by
 * the form's rules ({@code ConfirmationAnswerValidator}); this listener has the plan and refuses a service that
 * is no public Service of it.
 */
@Component
class ConfirmationChoicesListener implements TaskListener {

  private static final String FORM = "confirm-migration";

  @Override
  public void notify(DelegateTask task) {
    List<String> errors = Answers.errors(FORM, task);
    if (!errors.isEmpty()) {
      throw refuse(errors);
    }
    if (!Boolean.TRUE.equals(task.getVariable(Variable.CONFIRMED))) {
      return;
    }
    MigrationPlan plan = ProcessVariables.plan(task);
    Map<String, String> requested = new LinkedHashMap<>();
    services(task, Answers.MOVE_FLOATING_IP).forEach(service -> requested.put(service, Handover.MOVE_FIP.name()));
    services(task, Answers.PIN_FLOATING_IP).forEach(service -> requested.put(service, Handover.PIN_FIP.name()));
    for (String service : requested.keySet()) {
      if (plan.publicServices().stream().noneMatch(s -> s.service().equals(service))) {
        throw refuse(List.of(service + " is no public LoadBalancer Service of cluster " + plan.clusterId()));
      }
    }
    task.setVariable(Variable.HANDOVERS, MigrationPlanning.handovers(plan, requested));
  }

  @SuppressWarnings("unchecked")
  private static List<String> services(DelegateTask task, String field) {
    Object value = FieldType.TEXT_LIST.canonical(task.getVariable(field));
    return value == null ? List.of() : (List<String>) value;
  }

  private static RefusedInputException refuse(List<String> errors) {
    return RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
        "The confirmation is refused: " + String.join("; ", errors), errors);
  }
}
