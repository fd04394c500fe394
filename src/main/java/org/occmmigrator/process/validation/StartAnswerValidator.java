package org.occmmigrator.process.validation;

import java.util.regex.Pattern;
import org.springframework.validation.Errors;

/** The start form: a cluster id in KKP's form (a DNS label), checked before anything is looked up. */
public class StartAnswerValidator extends AnswerValidator {

  /** A KKP cluster id is a DNS label: lower-case letters, digits and inner dashes, at most 63 characters. */
  public static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  @Override
  void validate(TaskAnswer answer, Errors errors) {
    String clusterId = answer.text(Answers.CLUSTER_ID);
    if (clusterId == null || clusterId.isBlank()) {
      errors.rejectValue(Answers.CLUSTER_ID, "required", "is required");
    } else if (!isClusterId(clusterId)) {
      errors.rejectValue(Answers.CLUSTER_ID, "pattern",
          "must be a KKP cluster id (lower-case letters, digits and dashes, at most 63 characters)");
    }
  }

  public static boolean isClusterId(String value) {
    return value != null && CLUSTER_ID.matcher(value).matches();
  }
}
