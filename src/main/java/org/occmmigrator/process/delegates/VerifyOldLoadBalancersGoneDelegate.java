package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.CleanupSteps;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class VerifyOldLoadBalancersGoneDelegate implements JavaDelegate {

  private final CleanupSteps cleanup;

  VerifyOldLoadBalancersGoneDelegate(CleanupSteps cleanup) {
    this.cleanup = cleanup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var remaining = cleanup.remainingOldLoadBalancers(ProcessVariables.clusterId(execution), ProcessVariables.plan(execution));
    if (!remaining.isEmpty()) {
      throw new BpmnError(ErrorCode.OLD_LOAD_BALANCERS_REMAIN, "Old load balancers still exist: " + String.join(", ", remaining));
    }
  }
}
