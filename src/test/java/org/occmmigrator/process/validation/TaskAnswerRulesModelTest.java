package org.occmmigrator.process.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

/**
 * The gate's allow-lists ({@link Answers}) against the model: every user task and the start event answer through a
 * Camunda Form that has rules, and each form's rules name exactly the keys the form submits, with the same choices.
 */
class TaskAnswerRulesModelTest {

  private static final BpmnModelInstance MODEL = Bpmn.readModelFromFile(new File("bpmn/occm-migration.bpmn"));
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The radio fields whose choices an enum of {@link Answers} lists. */
  private static final Map<String, Class<? extends Enum<?>>> CHOICES = Map.of(
      Answers.HANDOVER_DECISION, Answers.HandoverDecision.class,
      Answers.CLEANUP, Answers.Cleanup.class,
      Answers.DECISION, Answers.EscalationDecision.class);

  @Test
  void everyUserTaskAnswersThroughAFormWithRules() {
    List<String> withoutRules = new ArrayList<>();
    for (UserTask task : MODEL.getModelElementsByType(UserTask.class)) {
      String form = task.getCamundaFormRef();
      if (form == null || Answers.form(form).isEmpty()) {
        withoutRules.add(task.getId() + " (form " + form + ")");
      }
    }
    assertThat(withoutRules).as("user tasks whose answers no rules check").isEmpty();
    assertThat(MODEL.getModelElementsByType(UserTask.class)).isNotEmpty();
  }

  @Test
  void theStartEventAnswersThroughTheStartForm() {
    for (StartEvent start : MODEL.getModelElementsByType(StartEvent.class)) {
      if (start.getParentElement() instanceof org.camunda.bpm.model.bpmn.instance.Process) {
        assertThat(start.getCamundaFormRef()).isEqualTo("start-migration");
      }
    }
    assertThat(Answers.form("start-migration")).isPresent();
  }

  @Test
  void eachFormsRulesNameExactlyTheKeysTheFormSubmits() throws Exception {
    File[] forms = new File("bpmn/forms").listFiles((dir, name) -> name.endsWith(".form"));
    assertThat(forms).isNotEmpty();
    Set<String> formIds = new LinkedHashSet<>();
    for (File file : forms) {
      JsonNode form = JSON.readTree(file);
      String id = form.get("id").asText();
      formIds.add(id);
      Set<String> keys = new LinkedHashSet<>();
      collectKeys(form.get("components"), keys, id);
      assertThat(Answers.form(id)).as("rules for form " + id).isPresent();
      assertThat(Answers.form(id).get().fields().keySet()).as("fields of form " + id).containsExactlyInAnyOrderElementsOf(keys);
    }
    assertThat(Answers.forms().keySet()).as("rules of forms that exist").isSubsetOf(formIds);
  }

  private static void collectKeys(JsonNode components, Set<String> keys, String form) {
    if (components == null) {
      return;
    }
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        String key = component.get("key").asText();
        keys.add(key);
        if (component.has("values") && CHOICES.containsKey(key)) {
          List<String> values = new ArrayList<>();
          component.get("values").forEach(v -> values.add(v.get("value").asText()));
          assertThat(values).as("choices of " + key + " in form " + form)
              .containsExactlyElementsOf(Arrays.stream(CHOICES.get(key).getEnumConstants()).map(Enum::name).toList());
        }
      }
      collectKeys(component.get("components"), keys, form);
    }
  }
}
