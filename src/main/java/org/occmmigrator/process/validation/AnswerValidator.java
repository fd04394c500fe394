package org.occmmigrator.process.validation;

import java.util.Arrays;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Base of the per-form validators (Spring's {@link Validator}, as petclinic's PetValidator): each checks a
 * {@link TaskAnswer} whose fields already have the right shape, and rejects fields with a sentence an
 * engineer can act on.
 */
abstract class AnswerValidator implements Validator {

  static final int MIN_REASON = 10;
  static final int MAX_TEXT = 2000;

  @Override
  public boolean supports(Class<?> type) {
    return TaskAnswer.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    validate((TaskAnswer) target, errors);
  }

  abstract void validate(TaskAnswer answer, Errors errors);

  /** The field must hold one of the enum's names. */
  static <E extends Enum<E>> void requireOneOf(TaskAnswer answer, Errors errors, String field, Class<E> values) {
    String value = answer.text(field);
    if (value == null || Arrays.stream(values.getEnumConstants()).noneMatch(v -> v.name().equals(value))) {
      errors.rejectValue(field, "choice", "must be " + choices(values) + ", not " + (value == null ? "missing" : "'" + value + "'"));
    }
  }

  /** A free-text reason: at least {@value #MIN_REASON} characters when required, at most {@value #MAX_TEXT}. */
  static void requireReason(TaskAnswer answer, Errors errors, String field, boolean required, String why) {
    String reason = answer.text(field);
    if (required && (reason == null || reason.strip().length() < MIN_REASON)) {
      errors.rejectValue(field, "reason", why + " needs a reason (at least " + MIN_REASON + " characters)");
    } else if (reason != null && reason.length() > MAX_TEXT) {
      errors.rejectValue(field, "length", "must be at most " + MAX_TEXT + " characters");
    }
  }

  static <E extends Enum<E>> String choices(Class<E> values) {
    E[] constants = values.getEnumConstants();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < constants.length; i++) {
      text.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ").append(constants[i].name());
    }
    return text.toString();
  }
}
