package org.occmmigrator.process.delegates;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.occmmigrator.process.validation.Answers;
import org.occmmigrator.process.validation.RefusedInputException;
import org.springframework.stereotype.Component;

/** Refuses a cleanup decision its form's rules refuse ({@code CleanupAnswerValidator}): the task stays open. */
@Component
class CleanupChoiceListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    List<String> errors = Answers.errors("cleanup", task);
    if (!errors.isEmpty()) {
      throw RefusedInputException.refuse(RefusedInputException.Kind.INVALID_INPUT,
          "The cleanup decision is refused: " + String.join("; ", errors), errors);
    }
  }
}
