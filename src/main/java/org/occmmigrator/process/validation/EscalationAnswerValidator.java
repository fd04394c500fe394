package org.occmmigrator.process.validation;

import org.springframework.validation.Errors;

/**
 * An escalation of a stalled step: WAIT_LONGER (the checks run again) or MANUAL. Anything else would take the
 * gateway's default flow to manual handling, so a typo must not pass ("WAIT_LONGR").
 */
public class EscalationAnswerValidator extends AnswerValidator {

  @Override
  void validate(TaskAnswer answer, Errors errors) {
    requireOneOf(answer, errors, Answers.DECISION, Answers.EscalationDecision.class);
  }
}
