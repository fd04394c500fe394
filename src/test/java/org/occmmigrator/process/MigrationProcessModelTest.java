package org.occmmigrator.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.ErrorCode;

/** The model's conventions and its one safety guarantee, checked on the BPMN file itself. */
class MigrationProcessModelTest {

  private static final Path MODEL = Path.of("bpmn", MigrationProcess.KEY + ".bpmn");
  private final BpmnModelInstance model = Bpmn.readModelFromFile(MODEL.toFile());

  @Test
  void noPathReachesWorkerRotationWithoutTheHandoverInterlock() {
    StartEvent start = model.getModelElementById("StartEvent_MigrationRequested");
    Set<String> reachable = reachableFrom(start, Element.VERIFY_HANDOVER_COMPLETE);
    assertThat(reachable).contains(Element.HAND_OVER_SERVICE, Element.CHECK_LOAD_BALANCERS)
        .doesNotContain(Element.ROTATE_WORKERS, Element.ROTATE_MACHINE_DEPLOYMENTS, Element.DELETE_OLD_LOAD_BALANCERS);
    assertThat(reachableFrom(start, "none")).contains(Element.ROTATE_MACHINE_DEPLOYMENTS);
  }

  @Test
  void everyConstantNamesAnElementOfTheModel() throws IllegalAccessException {
    for (String id : constants(Element.class)) {
      assertThat((Object) model.getModelElementById(id)).as("element %s", id).isNotNull();
    }
    Set<String> codes = new HashSet<>();
    model.getModelElementsByType(Error.class).forEach(error -> codes.add(error.getErrorCode()));
    assertThat(codes).containsExactlyInAnyOrderElementsOf(constants(ErrorCode.class));
  }

  /**
   * Every variable the model's expressions and the forms read or write is a constant of MigrationProcess.Variable:
   * a renamed variable cannot silently break a gateway, a form field or the Java code that reads it.
   */
  @Test
  void everyVariableOfTheModelAndTheFormsIsAConstant() throws Exception {
    Set<String> variables = new HashSet<>(constants(MigrationProcess.Variable.class));
    Set<String> beans = Set.of("migrationTimers", "execution", "runningMigrationLocks");
    String bpmn = Files.readString(Path.of("bpmn", "occm-migration.bpmn"));
    var used = new java.util.TreeSet<String>();
    var expression = java.util.regex.Pattern.compile("\\$\\{([^}]*)}").matcher(bpmn);
    while (expression.find()) {
      used.addAll(identifiers(expression.group(1)));
    }
    used.removeIf(name -> name.endsWith("Delegate") || name.endsWith("Listener") || beans.contains(name));
    var inputs = java.util.regex.Pattern.compile("camunda:inputParameter name=\"([^\"]+)\"").matcher(bpmn);
    while (inputs.find()) {
      used.add(inputs.group(1));
    }
    try (Stream<Path> forms = Files.list(Path.of("bpmn", "forms"))) {
      for (Path form : forms.toList()) {
        String text = Files.readString(form);
        var keys = java.util.regex.Pattern.compile("\"(?:key|valuesKey)\": \"([^\"]+)\"").matcher(text);
        while (keys.find()) {
          used.add(keys.group(1));
        }
        var templates = java.util.regex.Pattern.compile("\\{\\{(.*?)}}").matcher(text);
        while (templates.find()) {
          used.addAll(identifiers(templates.group(1).replaceAll("\\\\\"[^\"]*?\\\\\"", "")));
        }
      }
    }
    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(variables).as("variable %s", name).contains(name));
  }

  /** The leading identifiers of an expression: not members (after a dot), not string literals, not keywords. */
  private static Set<String> identifiers(String expression) {
    String withoutStrings = expression.replaceAll("'[^']*'", "").replaceAll("\"[^\"]*\"", "");
    Set<String> names = new HashSet<>();
    var matcher = java.util.regex.Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)").matcher(withoutStrings);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    names.removeAll(Set.of("true", "false", "null", "if", "then", "else", "and", "or", "not", "eq", "ne",
        "string", "length")); // FEEL keywords and the built-in "string length"
    return names;
  }

  @Test
  void everyServiceTaskIsAsynchronousWithABackoffRetryCycle() {
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      assertThat(task.getCamundaDelegateExpression()).as("%s delegate", task.getId()).matches("\\$\\{[a-z][A-Za-z]+Delegate}");
      if (task.getId().equals(Element.ENABLE_EXTERNAL_CLOUD_PROVIDER)) {
        // the trigger runs in the job of the plan's verification: nothing may lie between the check and the trigger
        assertThat(task.isCamundaAsyncBefore()).as("the trigger shares the verification's job").isFalse();
        assertThat(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.SequenceFlow.class).stream()
            .filter(flow -> flow.getTarget() == task).map(flow -> flow.getSource().getId()).toList())
            .containsExactly(Element.VERIFY_PLAN);
        continue;
      }
      assertThat(task.isCamundaAsyncBefore()).as("%s is asyncBefore", task.getId()).isTrue();
      var cycle = task.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult();
      assertThat(cycle.getTextContent()).as("%s retry cycle", task.getId()).isEqualTo("${migrationTimers.retryCycle}");
    }
    assertThat(new MigrationTimers().getRetryCycle()).as("the shipped cycle backs off over minutes")
        .isEqualTo("PT10S,PT30S,PT1M,PT2M,PT5M");
  }

  @Test
  void everyUserTaskChecksItsAnswerFirstAndStartsWithoutOldAnswers() {
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      var listeners = task.getExtensionElements().getElementsQuery()
          .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener.class).list();
      assertThat(listeners).as(task.getId()).anySatisfy(l -> {
        assertThat(l.getCamundaEvent()).isEqualTo("create");
        assertThat(l.getCamundaDelegateExpression()).isEqualTo("${taskAnswerListener}");
      });
      var completes = listeners.stream().filter(l -> "complete".equals(l.getCamundaEvent())).toList();
      assertThat(completes).as(task.getId() + ": the answer check runs before the task's own listeners").isNotEmpty();
      assertThat(completes.get(0).getCamundaDelegateExpression()).as(task.getId()).isEqualTo("${taskAnswerListener}");
    }
    var process = model.getModelElementsByType(Process.class).iterator().next();
    assertThat(process.getExtensionElements().getElementsQuery()
        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener.class).list())
        .as("the running-migration row goes when a migration ends")
        .anySatisfy(l -> assertThat(l.getCamundaDelegateExpression()).isEqualTo("${runningMigrationLocks}"));
  }

  @Test
  void everyUserTaskIsForOperatorsWithAForm() {
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      assertThat(task.getCamundaCandidateGroups()).as(task.getId()).isEqualTo("migration-operators");
      assertThat(task.getCamundaFormRef()).as(task.getId()).isNotBlank();
      Path form = Path.of("bpmn", "forms", task.getCamundaFormRef() + ".form");
      assertThat(form).as(task.getCamundaFormRef()).exists();
      // Tasklist finds a Camunda Form by the id inside it, not by its file name
      assertThat(readString(form)).contains("\"id\": \"" + task.getCamundaFormRef() + "\"");
    }
  }

  @Test
  void everyElementHasANameForCockpitAndEveryDeadlineTaskADueDate() {
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      assertThat(node.getName()).as("Cockpit shows %s by its name", node.getId()).isNotBlank();
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      boolean hasDeadline = !task.getId().equals(Element.CONFIRM_MIGRATION) && !task.getId().equals(Element.DECIDE_CLEANUP);
      assertThat(task.getCamundaDueDate() != null).as("%s has a due date", task.getId()).isEqualTo(hasDeadline);
    }
  }

  @Test
  void idsAreReadableAndTheProcessIsVersioned() {
    Process process = model.getModelElementById(MigrationProcess.KEY);
    assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    assertThat(process.getCamundaVersionTag()).isNotBlank();
    for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
      if (element.getId() != null) {
        assertThat(element.getId()).as("no Modeler default id").doesNotMatch(".*_[0-9a-z]{7}$");
      }
    }
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
  }

  /** Flow nodes reachable from start without passing through the node with id {@code barrier}. */
  private static Set<String> reachableFrom(FlowNode start, String barrier) {
    Set<String> seen = new HashSet<>();
    var queue = new ArrayDeque<FlowNode>(List.of(start));
    while (!queue.isEmpty()) {
      FlowNode node = queue.poll();
      if (node.getId().equals(barrier) || !seen.add(node.getId())) {
        continue;
      }
      targets(node).forEach(queue::add);
      if (node instanceof SubProcess sub) {   // entering a subprocess reaches its start event
        sub.getChildElementsByType(StartEvent.class).forEach(queue::add);
      }
      if (node.getParentElement() instanceof SubProcess parent && targets(node).isEmpty()) {
        targets(parent).forEach(queue::add); // leaving the subprocess
      }
      node.getModelInstance().getModelElementsByType(BoundaryEvent.class).stream()
          .filter(boundary -> boundary.getAttachedTo().getId().equals(node.getId()))
          .forEach(queue::add);
    }
    return seen;
  }

  /** The file has no outgoing elements (they are optional), so follow the flows' sourceRef. */
  private static List<FlowNode> targets(FlowNode node) {
    return node.getModelInstance().getModelElementsByType(SequenceFlow.class).stream()
        .filter(flow -> flow.getSource().getId().equals(node.getId())).map(SequenceFlow::getTarget).toList();
  }

  private static List<String> constants(Class<?> holder) throws IllegalAccessException {
    var values = new java.util.ArrayList<String>();
    for (Field field : holder.getFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        Object value = field.get(null);
        if (value instanceof String s) {
          values.add(s);
        } else if (value instanceof String[] array) {
          values.addAll(Stream.of(array).toList());
        }
      }
    }
    return values;
  }
}
