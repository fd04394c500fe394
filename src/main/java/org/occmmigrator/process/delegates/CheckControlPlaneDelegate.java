package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.ControlPlaneSteps;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class CheckControlPlaneDelegate implements JavaDelegate {

  private final ControlPlaneSteps controlPlane;

  CheckControlPlaneDelegate(ControlPlaneSteps controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var state = controlPlane.firstRollout(ProcessVariables.clusterId(execution));
    execution.setVariable(Variable.FINDINGS, ProcessVariables.bulletList(state.waitingFor()));
    ProcessVariables.checked(execution, state.done());
  }
}
