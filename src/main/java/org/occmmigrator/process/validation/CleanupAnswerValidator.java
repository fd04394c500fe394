package org.occmmigrator.process.validation;

import org.springframework.validation.Errors;

/** The cleanup decision: DELETE_NOW, DELETED_BY_HAND or KEEP; keeping the old load balancers needs a reason. */
public class CleanupAnswerValidator extends AnswerValidator {

  @Override
  void validate(TaskAnswer answer, Errors errors) {
    requireOneOf(answer, errors, Answers.CLEANUP, Answers.Cleanup.class);
    boolean keep = Answers.Cleanup.KEEP.name().equals(answer.text(Answers.CLEANUP));
    requireReason(answer, errors, Answers.KEEP_REASON, keep, "Keeping the old load balancers");
  }
}
