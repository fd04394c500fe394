package org.occmmigrator.process.delegates;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.occmmigrator.process.Handover;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/** Checks the confirmation again on the server (a task can be completed over REST without the form). */
@Component
class ConfirmationChoicesListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    Object confirmed = task.getVariable(Variable.CONFIRMED);
    if (confirmed != null && !(confirmed instanceof Boolean)) {
      throw new NotValidException("confirmed must be true or false, not '" + confirmed + "'");
    }
    if (!Boolean.TRUE.equals(confirmed)) {
      return;
    }
    Map<String, String> requested = new java.util.LinkedHashMap<>();
    Object plan = task.getVariable("handoverPlan");
    if (plan != null) {
      for (Object row : org.camunda.spin.Spin.JSON(plan.toString()).elements()) {
        var choice = (org.camunda.spin.json.SpinJsonNode) row;
        String service = choice.prop("service").stringValue();
        String handover = choice.hasProp("handover") && !choice.prop("handover").isNull()
            ? choice.prop("handover").stringValue() : null;
        if (handover == null || !(handover.equals(Handover.DNS.name()) || handover.equals(Handover.MOVE_FIP.name())
            || handover.equals(Handover.PIN_FIP.name()))) {
          throw new NotValidException("Choose DNS, MOVE_FIP or PIN_FIP for " + service + " (got '" + handover + "')");
        }
        requested.put(service, handover);
      }
    }
    task.setVariable(Variable.HANDOVERS, MigrationPlanning.handovers(ProcessVariables.plan(task), requested));
  }
}
