package org.occmmigrator.process.validation;

import java.util.regex.Pattern;
import org.springframework.validation.Errors;

/**
 * A handover task (DNS switch or FIP move): DONE, or WAIVE with a reason; for DNS optionally the hostname the
 * customer switched (checked against the new IP afterwards) and its record's TTL in seconds (0 to 7 days).
 */
public class HandoverAnswerValidator extends AnswerValidator {

  /** Up to 253 characters of letters, digits, dots and inner dashes (RFC 1123 host names). */
  static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  public static final long MAX_TTL_SECONDS = 604_800;

  @Override
  void validate(TaskAnswer answer, Errors errors) {
    requireOneOf(answer, errors, Answers.HANDOVER_DECISION, Answers.HandoverDecision.class);
    boolean waived = Answers.HandoverDecision.WAIVE.name().equals(answer.text(Answers.HANDOVER_DECISION));
    requireReason(answer, errors, Answers.WAIVER_REASON, waived, "A waiver of the handover");
    String hostname = answer.text(Answers.DNS_HOSTNAME);
    if (hostname != null && !hostname.isBlank() && !HOSTNAME.matcher(hostname).matches()) {
      errors.rejectValue(Answers.DNS_HOSTNAME, "hostname", "'" + ConfirmationAnswerValidator.shorten(hostname) + "' is not a hostname");
    }
    Long ttl = answer.number(Answers.DNS_TTL_SECONDS);
    if (ttl != null && (ttl < 0 || ttl > MAX_TTL_SECONDS)) {
      errors.rejectValue(Answers.DNS_TTL_SECONDS, "range", "must be between 0 and " + MAX_TTL_SECONDS + " (seconds)");
    }
  }
}
