package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceDetails;
import org.occmmigrator.process.ServiceOutcome;
import org.springframework.stereotype.Component;

@Component
class MoveFloatingIpDelegate implements JavaDelegate {

  private final HandoverSteps handover;

  MoveFloatingIpDelegate(HandoverSteps handover) {
    this.handover = handover;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = (String) execution.getVariable(Variable.SERVICE);
    ServiceDetails details = ProcessVariables.details(execution);
    ServiceOutcome outcome = ProcessVariables.outcome(execution, service);
    ProcessVariables.outcome(execution, handover.moveFloatingIp(ProcessVariables.clusterId(execution), details, outcome));
  }
}
