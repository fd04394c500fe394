package org.occmmigrator.process.delegates;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.CleanupSteps;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/**
 * One old load balancer per job (the task is a sequential multi-instance over the services): a deletion waits
 * for Neutron between its steps, and many in one job could outlast the job's lock. What was deleted and what was
 * kept (with why) go to the report.
 */
@Component
class DeleteOldLoadBalancersDelegate implements JavaDelegate {

  private final CleanupSteps cleanup;

  DeleteOldLoadBalancersDelegate(CleanupSteps cleanup) {
    this.cleanup = cleanup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = (String) execution.getVariable(Variable.SERVICE);
    boolean consent = Boolean.TRUE.equals(execution.getVariable(Variable.RELEASE_DNS_FLOATING_IPS));
    var result = cleanup.deleteOldLoadBalancer(ProcessVariables.clusterId(execution),
        ProcessVariables.plan(execution).service(service), ProcessVariables.handovers(execution).get(service),
        ProcessVariables.outcome(execution, service), ProcessVariables.allDetails(execution).get(service), consent);
    String name = result.deleted() ? Variable.DELETED_LOAD_BALANCERS : Variable.KEPT_LOAD_BALANCERS;
    String entry = result.deleted() ? result.oldLoadBalancer() : result.oldLoadBalancer() + " (" + result.service() + "): "
        + result.keptBecause();
    List<String> all = new ArrayList<>(ProcessVariables.strings(execution, name));
    if (!all.contains(entry)) {
      all.add(entry);
    }
    execution.setVariable(name, ProcessVariables.json(all));
  }
}
