package org.occmmigrator.process.delegates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.occmmigrator.process.Handover;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/**
 * Checks the confirmation again on the server (a task can be completed over REST without the form) and
 * turns the two lists of the form — services whose IP is moved, services whose IP is pinned — into the
 * handover per service; services in neither list are handed over by DNS.
 */
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
    MigrationPlan plan = ProcessVariables.plan(task);
    List<String> move = services(task.getVariable("moveFloatingIp"));
    List<String> pin = services(task.getVariable("pinFloatingIp"));
    Map<String, String> requested = new LinkedHashMap<>();
    for (String service : move) {
      requested.put(service, Handover.MOVE_FIP.name());
    }
    for (String service : pin) {
      if (requested.containsKey(service)) {
        throw new NotValidException(service + " is ticked for both a move and a pin of its IP: choose one");
      }
      requested.put(service, Handover.PIN_FIP.name());
    }
    for (String service : requested.keySet()) {
      if (plan.publicServices().stream().noneMatch(s -> s.service().equals(service))) {
        throw new NotValidException(service + " is no public LoadBalancer Service of cluster " + plan.clusterId());
      }
    }
    task.setVariable(Variable.HANDOVERS, MigrationPlanning.handovers(plan, requested));
  }

  /** A checklist's answer: JSON (Tasklist), a list (REST with an Object value) or nothing. */
  private static List<String> services(Object answer) {
    List<String> services = new ArrayList<>();
    if (answer instanceof Collection<?> values) {
      values.forEach(value -> services.add(String.valueOf(value)));
    } else if (answer != null && !answer.toString().isBlank()) {
      SpinJsonNode json = answer instanceof SpinJsonNode node ? node : Spin.JSON(answer.toString());
      if (!json.isArray()) {
        throw new NotValidException("Expected a list of services, got " + answer);
      }
      json.elements().forEach(element -> services.add(element.stringValue()));
    }
    return services;
  }
}
