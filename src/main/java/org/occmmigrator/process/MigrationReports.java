package org.occmmigrator.process;

import org.occmmigrator.process.MigrationProcess.Variable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.springframework.stereotype.Component;

/** The migration report: per service its handover, IPs and FIP downtime, and when each step ran. */
@Component
public class MigrationReports {

  public record Report(String clusterId, List<ServiceOutcome> services, List<Step> steps, Map<String, Object> extras) {}

  public record Step(String step, String name, Instant started, Instant ended) {}

  private final HistoryService historyService;

  public MigrationReports(HistoryService historyService) {
    this.historyService = historyService;
  }

  public Report report(String processInstanceId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (HistoricVariableInstance variable : historyService.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).disableCustomObjectDeserialization().list()) {
      if (processInstanceId.equals(variable.getActivityInstanceId())) {
        variables.put(variable.getName(), variable.getTypedValue() instanceof ObjectValue object
            ? object.getValueSerialized() : variable.getValue());
      }
    }
    List<ServiceOutcome> services = new ArrayList<>();
    variables.forEach((name, value) -> {
      if (name.startsWith("outcome:")) {
        services.add(ProcessJson.read(value, ServiceOutcome.class));
      }
    });
    List<Step> steps = historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
        .filter(a -> a.getActivityType().endsWith("Task") || a.getActivityType().equals("intermediateTimer"))
        .map((HistoricActivityInstance a) -> new Step(a.getActivityId(), a.getActivityName(), a.getStartTime().toInstant(),
            a.getEndTime() == null ? null : a.getEndTime().toInstant())).toList();
    Map<String, Object> extras = new LinkedHashMap<>();
    for (String name : List.of(Variable.TRIGGERED_AT, "volumeReport", "pinnedServices", Variable.DELETED_LOAD_BALANCERS,
        Variable.KEPT_LOAD_BALANCERS, Variable.DELETED_SERVICES, Variable.LEFT_BEHIND, Variable.CLEANUP, "keepReason",
        Variable.RELEASE_DNS_FLOATING_IPS)) {
      if (variables.get(name) != null) {
        extras.put(name, String.valueOf(variables.get(name)));
      }
    }
    return new Report((String) variables.get(Variable.CLUSTER_ID), services, steps, extras);
  }
}
