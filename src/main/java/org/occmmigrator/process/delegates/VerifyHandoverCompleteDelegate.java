package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/** The interlock: no worker rotation while a public service still depends on its old load balancer. */
@Component
class VerifyHandoverCompleteDelegate implements JavaDelegate {

  private final HandoverSteps handover;

  VerifyHandoverCompleteDelegate(HandoverSteps handover) {
    this.handover = handover;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var plan = ProcessVariables.plan(execution);
    var handovers = ProcessVariables.handovers(execution);
    var check = handover.verifyHandedOver(ProcessVariables.clusterId(execution), plan, handovers,
        ProcessVariables.allDetails(execution), ProcessVariables.outcomes(execution, handovers.keySet()));
    if (!check.problems().isEmpty()) {
      throw new BpmnError(ErrorCode.HANDOVER_INCOMPLETE, String.join("; ", check.problems()));
    }
    execution.setVariable(Variable.ROTATION_NOT_BEFORE, check.rotationNotBefore().toString());
    execution.setVariable(Variable.DELETED_SERVICES, ProcessVariables.json(check.deleted()));
  }
}
