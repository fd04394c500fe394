package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.occmmigrator.process.MigrationStartCheck;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

/**
 * At the start event: refuses to create a migration the API would refuse (unknown cluster, one already
 * running, not eligible), so that a start from Tasklist's form shows the reason and creates nothing; and
 * makes the cluster id the business key, which Cockpit and the API show.
 */
@Component
class StartRequestListener implements ExecutionListener {

  private final MigrationStartCheck startCheck;

  StartRequestListener(MigrationStartCheck startCheck) {
    this.startCheck = startCheck;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String clusterId = ProcessVariables.clusterId(execution);
    startCheck.refusal(clusterId).ifPresent(refusal -> {
      throw new NotValidException(refusal.detail());
    });
    if (execution.getProcessBusinessKey() == null) {
      execution.setProcessBusinessKey(clusterId);
    }
  }
}
