package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.springframework.stereotype.Component;

/** Validates the cleanup decision on the server; keeping the old load balancers needs a reason. */
@Component
class CleanupChoiceListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    Object cleanup = task.getVariable(Variable.CLEANUP);
    if (!"DELETE_NOW".equals(cleanup) && !"DELETED_BY_HAND".equals(cleanup) && !"KEEP".equals(cleanup)) {
      throw new NotValidException("cleanup must be DELETE_NOW, DELETED_BY_HAND or KEEP, not '" + cleanup + "'");
    }
    Object reason = task.getVariable("keepReason");
    if ("KEEP".equals(cleanup) && (!(reason instanceof String text) || text.strip().length() < 10)) {
      throw new NotValidException("Keeping the old load balancers needs a reason (at least 10 characters)");
    }
    Object consent = task.getVariable("releaseDnsFloatingIps");
    if (consent != null && !(consent instanceof Boolean)) {
      throw new NotValidException("releaseDnsFloatingIps must be true or false");
    }
  }
}
