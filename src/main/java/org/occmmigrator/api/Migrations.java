package org.occmmigrator.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationStartCheck;
import org.occmmigrator.process.validation.RefusedInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Starts migrations and reports them, from the engine's runtime and history (as the calling user sees them). */
@Service
class Migrations {

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final TaskService taskService;
  private final MigrationStartCheck startCheck;
  private final MigrationPlanning planning;
  private final IdentityService identityService;
  private final AuthorizationService authorizationService;

  Migrations(RuntimeService runtimeService, HistoryService historyService, TaskService taskService,
      MigrationStartCheck startCheck, IdentityService identityService, AuthorizationService authorizationService, MigrationPlanning planning) {
    this.planning = planning;
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.taskService = taskService;
    this.startCheck = startCheck;
  }

  MigrationView start(StartMigrationRequest request) {
    requireStartPermission();
    startCheck.refusal(request.clusterId()).ifPresent(refusal -> {
      throw problem(refusal.kind().refusalKind(), request.clusterId(), refusal.detail(), refusal.reasons());
    });
    Map<String, String> requested = new LinkedHashMap<>();
    if (request.handovers() != null) {
      request.handovers().forEach((service, handover) -> requested.put(service, handover.name()));
    }
    // the preflight before anything is created: what the plan refuses is a 422 with its reasons, not a rejected start
    List<String> reasons = planning.reasonsAgainstStarting(request.clusterId(), requested.isEmpty() ? null : requested);
    if (!reasons.isEmpty()) {
      throw problem(RefusedInputException.Kind.NOT_ELIGIBLE, request.clusterId(), "Cluster '" + request.clusterId()
          + "' cannot be migrated now: " + String.join("; ", reasons), reasons);
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(Variable.CLUSTER_ID, request.clusterId());
    variables.put(Variable.CONFIRMED, Boolean.TRUE.equals(request.confirmed()));
    if (!requested.isEmpty()) {
      variables.put(Variable.HANDOVERS, requested);
    }
    String id;
    try {
      id = runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).businessKey(request.clusterId())
          .setVariables(variables).execute().getId();
    } catch (RuntimeException failed) {
      // the start event refuses what changed since the check above (e.g. a start of the same cluster that won)
      RefusedInputException refused = refusal(failed);
      if (refused == null) {
        throw failed;
      }
      throw problem(refused.kind(), request.clusterId(), refused.getMessage(), refused.errors());
    }
    return get(id);
  }

  private static RefusedInputException refusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RefusedInputException refused) {
        return refused;
      }
    }
    return null;
  }

  private static RuntimeException problem(RefusedInputException.Kind kind, String clusterId, String detail, List<String> reasons) {
    return switch (kind) {
      case INVALID_INPUT -> new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
      case UNKNOWN_CLUSTER -> ApiProblem.clusterNotFound(clusterId);
      case MIGRATION_RUNNING -> new ApiProblem(HttpStatus.CONFLICT, "migration-running", detail);
      case NOT_ELIGIBLE -> new NotEligibleException(clusterId, reasons);
    };
  }

  /** Checked before anything else, so that a viewer learns nothing about the cluster from the answer. */
  private void requireStartPermission() {
    var user = identityService.getCurrentAuthentication();
    if (user != null && !authorizationService.isUserAuthorized(user.getUserId(), user.getGroupIds(),
        ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, MigrationProcess.KEY)) {
      throw new AuthorizationException(user.getUserId(), ProcessDefinitionPermissions.CREATE_INSTANCE.getName(),
          Resources.PROCESS_DEFINITION.resourceName(), MigrationProcess.KEY);
    }
  }

  MigrationView get(String id) {
    HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery().processInstanceId(id)
        .processDefinitionKey(MigrationProcess.KEY).singleResult();
    if (instance == null) {
      throw ApiProblem.migrationNotFound(id);
    }
    return view(instance);
  }

  List<MigrationView> list(String clusterId, Boolean running, int page, int size) {
    HistoricProcessInstanceQuery query = historyService.createHistoricProcessInstanceQuery()
        .processDefinitionKey(MigrationProcess.KEY);
    if (clusterId != null) {
      query.processInstanceBusinessKey(clusterId);
    }
    if (Boolean.TRUE.equals(running)) {
      query.unfinished();
    } else if (Boolean.FALSE.equals(running)) {
      query.finished();
    }
    return query.orderByProcessInstanceStartTime().desc().listPage(page * size, size).stream().map(this::view).toList();
  }

  private MigrationView view(HistoricProcessInstance instance) {
    String id = instance.getId();
    boolean ended = instance.getEndTime() != null;
    List<Task> openTasks = ended ? List.of() : taskService.createTaskQuery().processInstanceId(id)
        .orderByTaskCreateTime().asc().list();
    // user tasks are named by expressions ("Switch DNS of ${service} ..."): their steps show the task's evaluated name
    Map<String, String> taskNameByExecution = openTasks.stream()
        .collect(Collectors.toMap(Task::getExecutionId, Task::getName, (first, second) -> first));
    List<String> currentSteps = ended ? List.of() : leafNames(runtimeService.getActivityInstance(id), taskNameByExecution);
    List<MigrationView.OpenTask> tasks = openTasks.stream()
        .map(t -> new MigrationView.OpenTask(t.getId(), t.getName(), t.getTaskDefinitionKey(), t.getAssignee(),
            t.getCreateTime().toInstant(), t.getDueDate() == null ? null : t.getDueDate().toInstant())).toList();
    List<String> incidents = ended ? List.of() : runtimeService.createIncidentQuery().processInstanceId(id).list().stream()
        .map((Incident i) -> i.getActivityId() + ": " + i.getIncidentMessage()).toList();
    Map<String, String> handovers = variable(id, Variable.HANDOVERS, Map.class);
    return new MigrationView(id, instance.getBusinessKey(), state(instance, tasks, incidents),
        instance.getStartTime().toInstant(), ended ? instance.getEndTime().toInstant() : null, currentSteps, tasks,
        incidents, handovers == null ? Map.of() : handovers, variable(id, Variable.REJECTION_REASON, String.class),
        ended ? null : variable(id, Variable.PROBLEM, String.class), lines(variable(id, Variable.FINDINGS, String.class)), lines(variable(id, Variable.PLAN_CHANGES, String.class)),
        Map.of("self", "/api/migrations/" + id,
            "cockpit", "/camunda/app/cockpit/default/#/process-instance/" + id,
            "tasklist", "/camunda/app/tasklist/default/#/?searchQuery=%5B%7B%22type%22:%22processInstanceId%22,%22operator%22:%22eq%22,%22value%22:%22" + id + "%22%7D%5D"));
  }

  private static MigrationView.State state(HistoricProcessInstance instance, List<MigrationView.OpenTask> tasks,
      List<String> incidents) {
    if (instance.getEndTime() == null) {
      return !incidents.isEmpty() ? MigrationView.State.INCIDENT
          : !tasks.isEmpty() ? MigrationView.State.WAITING_FOR_OPERATOR : MigrationView.State.RUNNING;
    }
    String end = instance.getEndActivityId();
    if (Element.END_COMPLETED.equals(end)) {
      return MigrationView.State.COMPLETED;
    }
    if (Element.END_REJECTED.equals(end)) {
      return MigrationView.State.REJECTED;
    }
    if (Arrays.asList(Element.END_MANUAL_HANDLING).contains(end)) {
      return MigrationView.State.MANUAL_HANDLING;
    }
    return MigrationView.State.CANCELLED;
  }

  private <T> T variable(String processInstanceId, String name, Class<T> type) {
    var historic = historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
        .variableName(name).list().stream().filter(v -> v.getActivityInstanceId() != null
            && v.getActivityInstanceId().equals(processInstanceId)).findFirst();
    return historic.map(v -> type.isInstance(v.getValue()) ? type.cast(v.getValue()) : null).orElse(null);
  }

  /** The items of a Markdown list variable ("- a\n- b", see ProcessVariables.bulletList). */
  private static List<String> lines(String bulletList) {
    return bulletList == null || bulletList.isBlank() ? List.of()
        : bulletList.lines().map(line -> line.startsWith("- ") ? line.substring(2) : line).toList();
  }

  private static List<String> leafNames(ActivityInstance root, Map<String, String> taskNameByExecution) {
    List<String> names = new ArrayList<>();
    if (root == null) {
      return names;
    }
    for (ActivityInstance child : root.getChildActivityInstances()) {
      if (child.getChildActivityInstances().length == 0 && child.getChildTransitionInstances().length == 0) {
        String taskName = Arrays.stream(child.getExecutionIds()).map(taskNameByExecution::get)
            .filter(Objects::nonNull).findFirst().orElse(null);
        names.add(taskName != null ? taskName : child.getActivityName() != null ? child.getActivityName() : child.getActivityId());
      } else {
        names.addAll(leafNames(child, taskNameByExecution));
      }
    }
    for (var transition : root.getChildTransitionInstances()) {
      names.add(transition.getActivityName() != null ? transition.getActivityName() : transition.getActivityId());
    }
    return names;
  }
}
