package org.occmmigrator.process.validation;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

/**
 * A task starts without answers: when it is created, the fields of its form are cleared where the task sees them.
 * Otherwise an earlier answer (the hostname of a DNS check that came back, an escalation's earlier WAIT_LONGER) would
 * be shown again and, left out of the new answer, read again.
 */
class FreshAnswerListener implements TaskListener {

  private final String formKey;

  FreshAnswerListener(String formKey) {
    this.formKey = formKey;
  }

  @Override
  public void notify(DelegateTask task) {
    Answers.form(formKey).ifPresent(form -> form.fields().keySet().forEach(field -> {
      if (task.getExecution().getVariable(field) != null) {
        task.getExecution().setVariable(field, null);
      }
    }));
  }
}
