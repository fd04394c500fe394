package org.occmmigrator.process.delegates;

import java.time.Clock;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.RotationSteps;
import org.springframework.stereotype.Component;

@Component
class RotateMachineDeploymentsDelegate implements JavaDelegate {

  private final RotationSteps rotation;
  private final Clock clock;

  RotateMachineDeploymentsDelegate(RotationSteps rotation, Clock clock) {
    this.rotation = rotation;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant now = clock.instant();
    var state = rotation.rotate(ProcessVariables.clusterId(execution), execution.getProcessInstanceId(),
        now.getEpochSecond() * 1_000_000_000L + now.getNano());
    execution.setVariable(Variable.FINDINGS, ProcessVariables.bulletList(state.waitingFor()));
    ProcessVariables.checked(execution, state.done());
  }
}
