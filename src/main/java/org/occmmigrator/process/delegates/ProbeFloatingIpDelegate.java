package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceOutcome;
import org.springframework.stereotype.Component;

@Component
class ProbeFloatingIpDelegate implements JavaDelegate {

  private final HandoverSteps handover;

  ProbeFloatingIpDelegate(HandoverSteps handover) {
    this.handover = handover;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = (String) execution.getVariable(Variable.SERVICE);
    ServiceOutcome outcome = ProcessVariables.outcome(execution, service);
    boolean served = handover.movedIpServed(ProcessVariables.clusterId(execution), ProcessVariables.details(execution), outcome);
    ProcessVariables.outcome(execution, outcome.withServed(served));
    if (!served) {
      execution.setVariable(Variable.PROBLEM, "The new load balancer did not serve " + outcome.oldIp()
          + " after the move; the IP was moved back to the old load balancer.");
    }
    ProcessVariables.checked(execution, served);
  }
}
