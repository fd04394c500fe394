package org.occmmigrator.process.delegates;

import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class CheckEligibilityDelegate implements JavaDelegate {

  private final MigrationPlanning planning;
  private final RuntimeService runtimeService;

  CheckEligibilityDelegate(MigrationPlanning planning, RuntimeService runtimeService) {
    this.planning = planning;
    this.runtimeService = runtimeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String clusterId = ProcessVariables.clusterId(execution);
    // checked at the start event too; two starts at the same moment both pass there, not here
    long others = runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .processInstanceBusinessKey(clusterId).list().stream()
        .filter(other -> !other.getId().equals(execution.getProcessInstanceId())).count();
    if (others > 0) {
      throw new BpmnError(ErrorCode.NOT_ELIGIBLE, "another migration of cluster " + clusterId + " is running");
    }
    Map<String, String> requested = ProcessVariables.handovers(execution);
    MigrationPlanning.Result result = planning.plan(clusterId, requested.isEmpty() ? null : requested);
    if (!result.reasonsAgainst().isEmpty()) {
      throw new BpmnError(ErrorCode.NOT_ELIGIBLE, String.join("; ", result.reasonsAgainst()));
    }
    ProcessVariables.plan(execution, result.plan(), MigrationPlanning.handovers(result.plan(), requested));
  }
}
