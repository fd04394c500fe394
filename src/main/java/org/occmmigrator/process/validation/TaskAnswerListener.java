package org.occmmigrator.process.validation;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Every user task's answer rules, declared on each user task of the model (MigrationProcessModelTest checks it), first
 * of its listeners:
 * <ul>
 *   <li>on create the task starts without answers: the fields of its form are cleared where the task sees them, so an
 *       earlier answer (the hostname of a DNS check that came back, an escalation's earlier WAIT_LONGER) is neither
 *       shown nor read again;</li>
 *   <li>on complete the answer is checked by its form's rules ({@link Answers}), however it is completed (Tasklist,
 *       engine REST, Java API), and refused — the task stays open.</li>
 * </ul>
 */
@Component
public class TaskAnswerListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String formKey = formKey(task);
    var form = Answers.form(formKey);
    if (form.isEmpty()) {
      return; // a form without rules submits nothing the process reads; the HTTP gate refuses its fields
    }
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      form.get().fields().keySet().forEach(field -> {
        if (task.getExecution().getVariable(field) != null) {
          task.getExecution().setVariable(field, null);
        }
      });
      return;
    }
    List<String> errors = Answers.errors(formKey, task);
    if (!errors.isEmpty()) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "The answer to '" + task.getName() + "' is refused: " + String.join("; ", errors), errors);
    }
  }

  private static String formKey(DelegateTask task) {
    var userTask = task.getBpmnModelElementInstance();
    return userTask == null || userTask.getCamundaFormRef() == null ? null : userTask.getCamundaFormRef();
  }
}
