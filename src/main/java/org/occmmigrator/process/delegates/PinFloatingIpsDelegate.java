package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class PinFloatingIpsDelegate implements JavaDelegate {

  private final HandoverSteps handover;

  PinFloatingIpsDelegate(HandoverSteps handover) {
    this.handover = handover;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("pinnedServices", ProcessVariables.json(handover.pinFloatingIps(
        ProcessVariables.clusterId(execution), ProcessVariables.plan(execution), ProcessVariables.handovers(execution))));
  }
}
