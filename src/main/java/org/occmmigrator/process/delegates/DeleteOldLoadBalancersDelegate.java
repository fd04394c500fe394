package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.CleanupSteps;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class DeleteOldLoadBalancersDelegate implements JavaDelegate {

  private final CleanupSteps cleanup;

  DeleteOldLoadBalancersDelegate(CleanupSteps cleanup) {
    this.cleanup = cleanup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean consent = Boolean.TRUE.equals(execution.getVariable("releaseDnsFloatingIps"));
    execution.setVariable("deletedLoadBalancers", ProcessVariables.json(cleanup.deleteOldLoadBalancers(
        ProcessVariables.clusterId(execution), ProcessVariables.plan(execution), ProcessVariables.handovers(execution), consent)));
  }
}
