package org.occmmigrator.process.delegates;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.ControlPlaneSteps;
import org.occmmigrator.process.Handover;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/**
 * Re-takes the inventory right before the irreversible trigger (it runs in the trigger's job, so nothing lies
 * between them) and sends any difference back to the engineer: the live plan replaces the old one, choices of
 * unchanged Services are kept, the confirmation shows what changed and must be given again.
 */
@Component
class VerifyPlanDelegate implements JavaDelegate {

  private final MigrationPlanning planning;
  private final ControlPlaneSteps controlPlane;

  VerifyPlanDelegate(MigrationPlanning planning, ControlPlaneSteps controlPlane) {
    this.planning = planning;
    this.controlPlane = controlPlane;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String clusterId = ProcessVariables.clusterId(execution);
    if (controlPlane.externalCloudProviderEnabled(clusterId)) {
      return; // a retry of this job after the trigger went through: the plan was verified before it
    }
    Map<String, String> handovers = ProcessVariables.handovers(execution);
    var verification = planning.verify(clusterId, ProcessVariables.plan(execution), handovers);
    if (verification.differences().isEmpty()) {
      execution.setVariable(Variable.PLAN_CHANGES, null);
      return;
    }
    if (verification.live() != null) {
      Map<String, String> kept = new LinkedHashMap<>();
      handovers.forEach((service, handover) -> {
        if ((Handover.MOVE_FIP.name().equals(handover) || Handover.PIN_FIP.name().equals(handover))
            && verification.live().contains(service)) {
          kept.put(service, handover);
        }
      });
      ProcessVariables.plan(execution, verification.live(), MigrationPlanning.handovers(verification.live(), kept));
    }
    execution.setVariable(Variable.CONFIRMED, false);
    String changes = ProcessVariables.bulletList(verification.differences());
    execution.setVariable(Variable.PLAN_CHANGES, changes);
    throw new BpmnError(ErrorCode.PLAN_CHANGED, "The cluster changed since the plan was confirmed:\n" + changes);
  }
}
