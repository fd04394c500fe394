package org.occmmigrator.process.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.springframework.validation.MapBindingResult;
import org.springframework.validation.Validator;

/**
 * What each form of {@code bpmn/forms} may submit: its fields with their types, and the validator of its answers.
 * A task is answered through its form ({@code camunda:formRef}), so this is also what each user task accepts:
 * the HTTP gate refuses any other field, and every task's complete listener checks the values again.
 * {@code TaskAnswerRulesModelTest} checks these lists against the forms and the BPMN.
 */
public final class Answers {

  public static final String CLUSTER_ID = Variable.CLUSTER_ID;
  public static final String CONFIRMED = Variable.CONFIRMED;
  public static final String MOVE_FLOATING_IP = Variable.MOVE_FLOATING_IP;
  public static final String PIN_FLOATING_IP = Variable.PIN_FLOATING_IP;
  public static final String HANDOVER_DECISION = Variable.HANDOVER_DECISION;
  public static final String WAIVER_REASON = Variable.WAIVER_REASON;
  public static final String DNS_HOSTNAME = Variable.DNS_HOSTNAME;
  public static final String DNS_TTL_SECONDS = Variable.DNS_TTL_SECONDS;
  public static final String CLEANUP = Variable.CLEANUP;
  public static final String KEEP_REASON = Variable.KEEP_REASON;
  public static final String RELEASE_DNS_FLOATING_IPS = Variable.RELEASE_DNS_FLOATING_IPS;
  public static final String DECISION = Variable.DECISION;

  /** A handover task's answer. */
  public enum HandoverDecision { DONE, WAIVE }

  /** The cleanup task's answer. */
  public enum Cleanup { DELETE_NOW, DELETED_BY_HAND, KEEP }

  /** An escalation's answer. */
  public enum EscalationDecision { WAIT_LONGER, MANUAL }

  /** A form: its key (file name without .form), the fields it submits, the validator of its answers. */
  public record Form(String key, Map<String, FieldType> fields, Validator validator) {}

  private static final Map<String, Form> FORMS = forms(
      new Form("start-migration", fields(CLUSTER_ID, FieldType.TEXT), new StartAnswerValidator()),
      new Form("confirm-migration", fields(MOVE_FLOATING_IP, FieldType.TEXT_LIST, PIN_FLOATING_IP, FieldType.TEXT_LIST,
          CONFIRMED, FieldType.BOOLEAN), new ConfirmationAnswerValidator()),
      new Form("handover-dns", fields(HANDOVER_DECISION, FieldType.TEXT, DNS_HOSTNAME, FieldType.TEXT,
          DNS_TTL_SECONDS, FieldType.WHOLE_NUMBER, WAIVER_REASON, FieldType.TEXT), new HandoverAnswerValidator()),
      new Form("handover-fip", fields(HANDOVER_DECISION, FieldType.TEXT, WAIVER_REASON, FieldType.TEXT),
          new HandoverAnswerValidator()),
      new Form("handover-internal", fields(HANDOVER_DECISION, FieldType.TEXT, WAIVER_REASON, FieldType.TEXT),
          new HandoverAnswerValidator()),
      new Form("cleanup", fields(CLEANUP, FieldType.TEXT, RELEASE_DNS_FLOATING_IPS, FieldType.BOOLEAN,
          KEEP_REASON, FieldType.TEXT), new CleanupAnswerValidator()),
      new Form("stalled-step", fields(DECISION, FieldType.TEXT), new EscalationAnswerValidator()));

  private Answers() {}

  /** Every form with its fields, by form key. */
  public static Map<String, Form> forms() {
    return FORMS;
  }

  public static Optional<Form> form(String formKey) {
    return Optional.ofNullable(formKey == null ? null : FORMS.get(formKey));
  }

  /**
   * The errors of an answer to the form, each "field: what is wrong"; empty when it is acceptable. A field the
   * form does not submit is an error; a form this class does not know accepts no field at all.
   *
   * @param values the submitted values, as Java values (String, Boolean, Integer/Long, a list or JSON array)
   */
  public static List<String> errors(String formKey, Map<String, ?> values) {
    Form form = FORMS.get(formKey);
    Map<String, FieldType> fields = form == null ? Map.of() : form.fields();
    List<String> errors = new ArrayList<>();
    Map<String, Object> canonical = new LinkedHashMap<>();
    values.forEach((field, value) -> {
      FieldType type = fields.get(field);
      if (type == null) {
        errors.add(field + ": is no field of this task's form" + (fields.isEmpty() ? "" : " (it accepts " + String.join(", ", fields.keySet()) + ")"));
        return;
      }
      try {
        canonical.put(field, type.canonical(value));
      } catch (IllegalArgumentException mistyped) {
        errors.add(field + ": " + mistyped.getMessage());
      }
    });
    if (form == null || !errors.isEmpty()) {
      return errors;
    }
    MapBindingResult result = new MapBindingResult(canonical, formKey);
    form.validator().validate(new TaskAnswer(canonical), result);
    result.getFieldErrors().forEach(error -> errors.add(error.getField() + ": " + error.getDefaultMessage()));
    return errors;
  }

  /** The errors of the answer held by a task's variables (the form's fields as the task sees them). */
  public static List<String> errors(String formKey, VariableScope task) {
    Map<String, Object> values = new LinkedHashMap<>();
    form(formKey).ifPresent(form -> form.fields().keySet().forEach(field -> {
      Object value = task.getVariable(field);
      if (value != null) {
        values.put(field, value);
      }
    }));
    return errors(formKey, values);
  }

  private static Map<String, FieldType> fields(Object... nameTypePairs) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      fields.put((String) nameTypePairs[i], (FieldType) nameTypePairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(fields);
  }

  private static Map<String, Form> forms(Form... forms) {
    Map<String, Form> byKey = new LinkedHashMap<>();
    for (Form form : forms) {
      byKey.put(form.key(), form);
    }
    return java.util.Collections.unmodifiableMap(byKey);
  }
}
