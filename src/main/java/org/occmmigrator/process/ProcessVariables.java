package org.occmmigrator.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.occmmigrator.process.MigrationProcess.Variable;

/** Typed access to the migration's variables for delegates and listeners. */
public final class ProcessVariables {

  private ProcessVariables() {}

  public static String clusterId(VariableScope scope) {
    return (String) scope.getVariable(Variable.CLUSTER_ID);
  }

  public static MigrationPlan plan(VariableScope scope) {
    return ProcessJson.read(scope.getVariable(Variable.INVENTORY), MigrationPlan.class);
  }

  /**
   * Writes the plan and what the model and forms read of it: the handovers (the gateway's choice per Service), the
   * old load balancers the cleanup iterates, the confirmation form's options and summary. Only the process writes these.
   */
  public static void plan(VariableScope scope, MigrationPlan plan, Map<String, String> handovers) {
    scope.setVariable(Variable.INVENTORY, ProcessJson.json(plan));
    scope.setVariable(Variable.HANDOVERS, new LinkedHashMap<>(handovers));
    scope.setVariable(Variable.OLD_LOAD_BALANCER_SERVICES, new java.util.ArrayList<>(plan.oldLoadBalancerServices()));
    scope.setVariable(Variable.SERVICE_OPTIONS, ProcessJson.json(plan.floatingIpChoices()));
    scope.setVariable(Variable.PLAN_SUMMARY, plan.summary());
  }

  @SuppressWarnings("unchecked")
  public static Map<String, String> handovers(VariableScope scope) {
    Object value = scope.getVariable(Variable.HANDOVERS);
    return value == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, String>) value);
  }

  /** The current service's old and new load balancer (the handover multi-instance's "details"). */
  public static ServiceDetails details(VariableScope scope) {
    return ProcessJson.read(scope.getVariable(Variable.DETAILS), ServiceDetails.class);
  }

  public static Map<String, ServiceDetails> allDetails(VariableScope scope) {
    Map<String, ServiceDetails> details = new LinkedHashMap<>();
    Object value = scope.getVariable(Variable.SERVICE_DETAILS);
    if (value != null) {
      ProcessJson.read(value, Map.class).forEach((service, lb) ->
          details.put((String) service, ProcessJson.convert(lb, ServiceDetails.class)));
    }
    return details;
  }

  public static ServiceOutcome outcome(VariableScope scope, String service) {
    return ProcessJson.read(scope.getVariable(ServiceOutcome.variableName(service)), ServiceOutcome.class);
  }

  /** Outcomes live on the process instance: they outlive the service's handover instance. */
  public static void outcome(VariableScope scope, ServiceOutcome outcome) {
    scope.setVariable(ServiceOutcome.variableName(outcome.service()), ProcessJson.json(outcome));
  }

  public static Map<String, ServiceOutcome> outcomes(VariableScope scope, Iterable<String> services) {
    Map<String, ServiceOutcome> outcomes = new LinkedHashMap<>();
    for (String service : services) {
      ServiceOutcome outcome = outcome(scope, service);
      if (outcome != null) {
        outcomes.put(service, outcome);
      }
    }
    return outcomes;
  }

  /**
   * What every check step reports: whether the awaited state is reached, and how many checks ran
   * (the back-off reads it). Both are declared on the waiting scope, so setVariable lands there.
   */
  public static void checked(VariableScope scope, boolean ready) {
    Object round = scope.getVariable(Variable.CHECK_ROUND);
    scope.setVariable(Variable.CHECK_ROUND, round instanceof Number n ? n.intValue() + 1 : 1);
    scope.setVariable(Variable.READY, ready);
  }

  /**
   * Findings and differences as the forms show them: one Markdown list item per line ("- ..."), empty when there are
   * none (the form then shows nothing).
   */
  public static String bulletList(List<String> lines) {
    return lines.stream().map(line -> "- " + line).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** A list of strings stored as JSON (see {@link #json}); empty when not set. */
  public static List<String> strings(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? List.of() : List.of(ProcessJson.read(value, String[].class));
  }

  public static Object json(Object value) {
    return ProcessJson.json(value);
  }
}
