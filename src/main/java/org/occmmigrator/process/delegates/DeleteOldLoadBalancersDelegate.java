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
 * for Neutron between its steps, and many in one job could outlast the job's lock.
 */
@Component
class DeleteOldLoadBalancersDelegate implements JavaDelegate {

  private static final String DELETED_LOAD_BALANCERS = "deletedLoadBalancers";

  private final CleanupSteps cleanup;

  DeleteOldLoadBalancersDelegate(CleanupSteps cleanup) {
    this.cleanup = cleanup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = (String) execution.getVariable(Variable.SERVICE);
    boolean consent = Boolean.TRUE.equals(execution.getVariable("releaseDnsFloatingIps"));
    String deleted = cleanup.deleteOldLoadBalancer(ProcessVariables.clusterId(execution),
        ProcessVariables.plan(execution).service(service), ProcessVariables.handovers(execution).get(service), consent);
    List<String> all = new ArrayList<>(ProcessVariables.strings(execution, DELETED_LOAD_BALANCERS));
    if (!all.contains(deleted)) {
      all.add(deleted);
    }
    execution.setVariable(DELETED_LOAD_BALANCERS, ProcessVariables.json(all));
  }
}
