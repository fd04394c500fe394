package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class MoveFloatingIpBackDelegate implements JavaDelegate {

  private final HandoverSteps handover;

  MoveFloatingIpBackDelegate(HandoverSteps handover) {
    this.handover = handover;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handover.moveFloatingIpBack(ProcessVariables.clusterId(execution), ProcessVariables.details(execution));
  }
}
