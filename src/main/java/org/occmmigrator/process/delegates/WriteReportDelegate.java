package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.MigrationReports;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class WriteReportDelegate implements JavaDelegate {

  private final MigrationReports reports;

  WriteReportDelegate(MigrationReports reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variable.REPORT, ProcessVariables.json(reports.report(execution.getProcessInstanceId())));
  }
}
