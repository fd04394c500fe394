package org.occmmigrator.process.validation;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

/**
 * Checks a task's answer by its form's rules ({@link Answers}) when the task is completed, however it is
 * completed (Tasklist, engine REST, Java API), and refuses it — the task stays open. Added to every user task
 * with a Camunda Form by {@link AnswerValidationPlugin}, ahead of the task's own listeners.
 */
class TaskAnswerListener implements TaskListener {

  private final String formKey;

  TaskAnswerListener(String formKey) {
    this.formKey = formKey;
  }

  @Override
  public void notify(DelegateTask task) {
    if (Answers.form(formKey).isEmpty()) {
      return; // a form without rules submits nothing the process reads; the HTTP gate refuses its fields
    }
    List<String> errors = Answers.errors(formKey, task);
    if (!errors.isEmpty()) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "The answer to '" + task.getName() + "' is refused: " + String.join("; ", errors), errors);
    }
  }
}
