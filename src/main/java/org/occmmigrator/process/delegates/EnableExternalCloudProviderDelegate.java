package org.occmmigrator.process.delegates;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.ControlPlaneSteps;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class EnableExternalCloudProviderDelegate implements JavaDelegate {

  private final ControlPlaneSteps controlPlane;
  private final Clock clock;

  EnableExternalCloudProviderDelegate(ControlPlaneSteps controlPlane, Clock clock) {
    this.controlPlane = controlPlane;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    controlPlane.enableExternalCloudProvider(ProcessVariables.clusterId(execution));
    if (execution.getVariable(Variable.TRIGGERED_AT) == null) {
      execution.setVariable(Variable.TRIGGERED_AT, clock.instant().toString());
    }
  }
}
