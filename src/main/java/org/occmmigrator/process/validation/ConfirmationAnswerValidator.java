package org.occmmigrator.process.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.validation.Errors;

/**
 * The confirmation: {@code confirmed} true or false (absent: not confirmed), and the services whose IP is moved
 * or pinned, each "namespace/name", none ticked twice. Whether they are public Services of the plan is checked
 * by the confirmation's listener, which has the plan.
 */
public class ConfirmationAnswerValidator extends AnswerValidator {

  /** namespace (DNS label) / Service name (DNS label). */
  public static final Pattern SERVICE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final int MAX_SERVICES = 500;

  @Override
  void validate(TaskAnswer answer, Errors errors) {
    List<String> move = answer.texts(Answers.MOVE_FLOATING_IP);
    List<String> pin = answer.texts(Answers.PIN_FLOATING_IP);
    checkServices(move, Answers.MOVE_FLOATING_IP, errors);
    checkServices(pin, Answers.PIN_FLOATING_IP, errors);
    Set<String> moved = new HashSet<>(move);
    for (String service : pin) {
      if (moved.contains(service)) {
        errors.rejectValue(Answers.PIN_FLOATING_IP, "twice",
            service + " is ticked for both a move and a pin of its IP: choose one");
      }
    }
  }

  private static void checkServices(List<String> services, String field, Errors errors) {
    if (services.size() > MAX_SERVICES) {
      errors.rejectValue(field, "size", "must name at most " + MAX_SERVICES + " services");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String service : services) {
      if (!SERVICE.matcher(service).matches()) {
        errors.rejectValue(field, "service", "'" + shorten(service) + "' is no Service (namespace/name)");
      } else if (!seen.add(service)) {
        errors.rejectValue(field, "duplicate", service + " is named twice");
      }
    }
  }

  static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
