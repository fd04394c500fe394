package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.CleanupSteps;
import org.occmmigrator.process.MigrationReports;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class WriteReportDelegate implements JavaDelegate {

  private final MigrationReports reports;
  private final CleanupSteps cleanup;

  WriteReportDelegate(MigrationReports reports, CleanupSteps cleanup) {
    this.reports = reports;
    this.cleanup = cleanup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // in-tree load balancers still in the project (kept, or of Services created after the plan): the report names them
    execution.setVariable(Variable.LEFT_BEHIND, ProcessVariables.json(cleanup.remainingOldLoadBalancers(
        ProcessVariables.clusterId(execution), ProcessVariables.plan(execution))));
    execution.setVariable(Variable.REPORT, ProcessVariables.json(reports.report(execution.getProcessInstanceId())));
  }
}
