package org.occmmigrator.process.delegates;

import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.MigrationStartCheck;
import org.occmmigrator.process.RunningMigrationLocks;
import org.occmmigrator.process.validation.RefusedInputException;
import org.springframework.stereotype.Component;

/**
 * At the start event: refuses to create a migration the API would refuse (no cluster id, unknown cluster, one
 * already running whatever its business key, not eligible), so that a start from Tasklist's form shows the
 * reason and creates nothing; takes the cluster's running-migration row (two starts at the same moment: one
 * wins); and makes the cluster id the business key, which Cockpit and the API show. A business key other than
 * the cluster id is refused: the API and Cockpit find a cluster's migrations by it.
 */
@Component
class StartRequestListener implements ExecutionListener {

  private final MigrationStartCheck startCheck;
  private final RunningMigrationLocks locks;
  private final RuntimeService runtimeService;

  StartRequestListener(MigrationStartCheck startCheck, RunningMigrationLocks locks, RuntimeService runtimeService) {
    this.startCheck = startCheck;
    this.locks = locks;
    this.runtimeService = runtimeService;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object value = execution.getVariable(Variable.CLUSTER_ID);
    if (!(value instanceof String clusterId)) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "clusterId: must be the id of a KKP cluster (text)", List.of("clusterId: must be text"));
    }
    startCheck.refusal(clusterId).ifPresent(refusal -> {
      throw refusal.toException();
    });
    String businessKey = execution.getProcessBusinessKey();
    if (businessKey != null && !businessKey.equals(clusterId)) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "businessKey: must be the cluster id '" + clusterId + "' or left out", List.of("businessKey: must be the cluster id"));
    }
    lock(clusterId, execution.getProcessInstanceId());
    if (businessKey == null) {
      execution.setProcessBusinessKey(clusterId);
    }
  }

  private void lock(String clusterId, String processInstanceId) {
    locks.holder(clusterId).filter(holder -> !Objects.equals(holder, processInstanceId)).ifPresent(holder -> {
      if (runtimeService.createProcessInstanceQuery().processInstanceId(holder).count() > 0) {
        throw MigrationStartCheck.alreadyRunning(clusterId, holder).toException();
      }
      locks.releaseStale(clusterId, holder);
    });
    if (!locks.tryLock(clusterId, processInstanceId)) {
      throw MigrationStartCheck.alreadyRunning(clusterId, "started at the same moment").toException();
    }
  }
}
