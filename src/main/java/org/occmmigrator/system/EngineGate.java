package org.occmmigrator.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationStartCheck;
import org.occmmigrator.process.validation.Answers;
import org.occmmigrator.process.validation.RefusedInputException;
import org.occmmigrator.system.AuditLog.Action;
import org.occmmigrator.system.EngineAccessRules.Rule;
import org.occmmigrator.system.Problems.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The gate in front of the engine's REST API ({@code /engine-rest} and the webapps' own path) and our API, for
 * every request that changes something: bodies over 1 MiB are refused (413); what a caller may send to the
 * engine is decided by {@link EngineAccessRules}; starts and task answers are checked before the engine sees
 * them (start form fields only, no start instructions, the start check's 404/409/422; a task answer carries only
 * its form's fields, with values its rules accept — see {@link Answers}); a refusal from inside the engine (a
 * listener, which the engine REST API would answer with 500) becomes its 4xx; and the audit log records every
 * start, answer, change and refusal. Reads pass untouched.
 */
class EngineGate extends OncePerRequestFilter {

  static final int MAX_BODY_BYTES = 1 << 20;
  static final String START_FORM = "start-migration";
  private static final String NOT_A_FIELD = "(not a field of this form)";
  private static final Set<String> ANSWER_KEYS = Set.of("variables", "withVariablesInReturn");
  private static final Set<String> START_KEYS = Set.of("variables", "businessKey", "withVariablesInReturn");

  /** Who sends the request: a user and their groups; admins are members of camunda-admin. */
  record Caller(String userId, List<String> groups) {
    boolean admin() {
      return groups.contains(Groups.CAMUNDA_ADMIN);
    }
  }

  /** What the gate learnt about a request before passing it on: for the refusal or the audit entry. */
  private static final class Inspection {
    Problem refusal;
    Action onSuccess;
    String migrationId;
    String taskId;
    String step;
    Map<String, Object> values = Map.of();
    String unlockUser;
  }

  private final Services services;
  private final boolean production;
  private final String webappPath;
  private final ObjectMapper json = new ObjectMapper();

  /** The engine services and our components the gate asks. */
  record Services(IdentityService identity, TaskService tasks, RepositoryService repository, ManagementService management,
      MigrationStartCheck startCheck, AuditLog audit, LoginThrottle loginThrottle) {}

  EngineGate(Services services, boolean production, String webappPath) {
    this.services = services;
    this.production = production;
    this.webappPath = webappPath;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    EngineRequest call = EngineRequest.of(request, webappPath);
    if (call == null || call.isRead()) {
      chain.doFilter(request, response);
      return;
    }
    Caller caller = caller(request, call);
    if (caller == null) {
      chain.doFilter(request, response); // unauthenticated: each API answers 401 itself
      return;
    }
    byte[] body = CachedBodyRequest.read(request, MAX_BODY_BYTES);
    if (body == null) {
      refuse(response, call, caller, new Inspection(), Problem.of(HttpStatus.PAYLOAD_TOO_LARGE, "invalid-request",
          "The request body is larger than " + (MAX_BODY_BYTES >> 10) + " KiB."));
      return;
    }
    Inspection inspection = new Inspection();
    if (request.getHeader("X-HTTP-Method-Override") != null || call.malformed()) {
      inspection.refusal = Problem.of(HttpStatus.BAD_REQUEST, "invalid-request",
          "The request's path or method cannot be read unambiguously.");
    } else if (call.family() == EngineRequest.Family.API) {
      apiRequest(call, body, inspection);
    } else {
      inspect(call, caller, body, inspection);
    }
    if (inspection.refusal != null) {
      refuse(response, call, caller, inspection, inspection.refusal);
      return;
    }
    RefusedInputException.takeNotedOnThisThread(); // forget any refusal noted on this thread before
    ContentCachingResponseWrapper answered = new ContentCachingResponseWrapper(response);
    chain.doFilter(new CachedBodyRequest(request, body), answered);
    Optional<RefusedInputException> refused = RefusedInputException.takeNotedOnThisThread();
    if (call.family() != EngineRequest.Family.API && refused.isPresent() && answered.getStatus() >= 400
        && !response.isCommitted()) {
      response.reset();
      refuse(response, call, caller, inspection, problem(refused.get()));
      return;
    }
    audit(call, caller, inspection, answered);
    answered.copyBodyToResponse();
  }

  // --- what each kind of request is checked for

  private void inspect(EngineRequest call, Caller caller, byte[] body, Inspection inspection) {
    Rule rule = EngineAccessRules.rule(call.method(), call.segments(), caller.userId(), caller.admin(), production);
    switch (rule) {
      case PASS, TASK_WORK, OWN_ACCOUNT -> {
        inspection.onSuccess = Action.CHANGED;
        inspection.migrationId = migrationOf(call, caller);
      }
      case QUERY -> { }
      case UNLOCK_USER -> {
        inspection.onSuccess = Action.CHANGED;
        inspection.unlockUser = call.segment(1);
      }
      case START -> start(call, caller, body, inspection);
      case TASK_ANSWER -> taskAnswer(call, caller, body, inspection);
      case JOB_RETRIES -> jobRetries(call, caller, body, inspection);
      case DEPLOYMENT_REFUSED -> inspection.refusal = Problem.of(HttpStatus.FORBIDDEN, "forbidden",
          "Deployments are refused in production: the process models are deployed from bpmn/ at start-up.");
      case REFUSED -> {
        inspection.migrationId = migrationOf(call, caller);
        inspection.refusal = Problem.of(HttpStatus.FORBIDDEN, "forbidden", "'" + call.line() + "' is not permitted for user '"
            + caller.userId() + "'. Migration operators start migrations, answer, claim and comment their tasks and retry"
            + " failed jobs; every other change of a migration is for administrators.");
      }
    }
  }

  private void start(EngineRequest call, Caller caller, byte[] body, Inspection inspection) {
    JsonNode request = object(body, inspection);
    if (request == null) {
      return;
    }
    List<String> errors = new ArrayList<>();
    if (!caller.admin()) {
      request.fieldNames().forEachRemaining(key -> {
        if (!START_KEYS.contains(key)) {
          errors.add(key + ": not permitted in a start (a start runs from the start event and its checks)");
        }
      });
    }
    String processKey = processKey(call);
    if (!MigrationProcess.KEY.equals(processKey)) {
      inspection.refusal = errors.isEmpty() ? null : invalid("The start is refused", errors);
      inspection.onSuccess = Action.STARTED;
      return;
    }
    RestVariables.Parsed variables = RestVariables.parse(request.get("variables"), json);
    errors.addAll(variables.errors());
    errors.addAll(Answers.errors(START_FORM, variables.values()));
    Object clusterId = variables.values().get(Answers.CLUSTER_ID);
    inspection.values = auditValues(START_FORM, variables.values());
    inspection.onSuccess = Action.STARTED;
    JsonNode businessKey = request.get("businessKey");
    if (businessKey != null && !businessKey.isNull() && !businessKey.asText().equals(clusterId)) {
      errors.add("businessKey: must be the cluster id or left out");
    }
    if (!errors.isEmpty()) {
      inspection.refusal = invalid("The start is refused", errors);
      return;
    }
    services.startCheck().refusal((String) clusterId).ifPresent(refusal ->
        inspection.refusal = problem(RefusedInputException.refuse(refusal.kind().refusalKind(), refusal.detail(), refusal.reasons())));
    RefusedInputException.takeNotedOnThisThread();
  }

  private void taskAnswer(EngineRequest call, Caller caller, byte[] body, Inspection inspection) {
    JsonNode request = object(body, inspection);
    if (request == null) {
      return;
    }
    inspection.onSuccess = Action.ANSWERED;
    inspection.taskId = call.segment(1);
    Task task = asCaller(caller, () -> services.tasks().createTaskQuery().taskId(call.segment(1)).initializeFormKeys().singleResult());
    if (task == null) {
      return; // the engine answers 404 (or 403)
    }
    inspection.migrationId = task.getProcessInstanceId();
    inspection.step = task.getTaskDefinitionKey();
    List<String> errors = new ArrayList<>();
    if (!caller.admin()) {
      request.fieldNames().forEachRemaining(key -> {
        if (!ANSWER_KEYS.contains(key)) {
          errors.add(key + ": not permitted in a task answer");
        }
      });
    }
    String formKey = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
    RestVariables.Parsed variables = RestVariables.parse(request.get("variables"), json);
    errors.addAll(variables.errors());
    errors.addAll(Answers.errors(formKey, variables.values()));
    inspection.values = auditValues(formKey, variables.values());
    if (!errors.isEmpty()) {
      inspection.refusal = invalid("The answer to '" + task.getName() + "' is refused (the task stays open)", errors);
    }
  }

  private void jobRetries(EngineRequest call, Caller caller, byte[] body, Inspection inspection) {
    JsonNode request = object(body, inspection);
    if (request == null) {
      return;
    }
    inspection.onSuccess = Action.CHANGED;
    inspection.migrationId = migrationOf(call, caller);
    List<String> errors = unexpectedKeys(request, Set.of("retries", "dueDate"));
    JsonNode retries = request.get("retries");
    if (retries == null || !retries.isInt() || retries.asInt() < 1 || retries.asInt() > 10) {
      errors.add("retries: must be a whole number from 1 to 10");
    }
    if (!failedStep(call.segment(1), caller)) {
      // a timer or a waiting step has no retries to give: more would only change how the engine behaves
      errors.add("retries: only a failed step (no timer) may be retried");
    }
    if (!errors.isEmpty()) {
      inspection.refusal = invalid("The retry is refused", errors);
    }
  }

  /** Our own API: Spring MVC validates; the gate records starts and refusals. */
  private void apiRequest(EngineRequest call, byte[] body, Inspection inspection) {
    if (call.method().equals("POST") && call.segments().equals(List.of("migrations"))) {
      inspection.onSuccess = Action.STARTED;
      try {
        JsonNode request = json.readTree(body);
        if (request != null && request.isObject()) {
          Map<String, Object> values = new LinkedHashMap<>();
          request.fields().forEachRemaining(e -> values.put(e.getKey(), json.convertValue(e.getValue(), Object.class)));
          inspection.values = values;
        }
      } catch (IOException unreadable) {
        // Spring answers 400; nothing to record but the refusal
      }
    }
  }

  // --- refusals, audit

  private void refuse(HttpServletResponse response, EngineRequest call, Caller caller, Inspection inspection, Problem problem)
      throws IOException {
    Problems.write(response, problem, call.line());
    services.audit().record(caller.userId(), Action.REFUSED, inspection.migrationId, inspection.taskId, inspection.step,
        familyLine(call), problem.status(), problem.detail(), inspection.values);
  }

  private void audit(EngineRequest call, Caller caller, Inspection inspection, ContentCachingResponseWrapper answered) {
    int status = answered.getStatus();
    if (status >= 400) {
      services.audit().record(caller.userId(), Action.REFUSED, inspection.migrationId, inspection.taskId, inspection.step,
          familyLine(call), status, errorDetail(answered.getContentAsByteArray()), inspection.values);
      return;
    }
    if (inspection.onSuccess == null) {
      return;
    }
    if (inspection.unlockUser != null) {
      services.loginThrottle().unlock(inspection.unlockUser);
    }
    String migrationId = inspection.migrationId;
    if (inspection.onSuccess == Action.STARTED) {
      migrationId = idOf(answered.getContentAsByteArray());
    }
    services.audit().record(caller.userId(), inspection.onSuccess, migrationId, inspection.taskId, inspection.step,
        familyLine(call), status, null, inspection.values);
  }

  /** The answer's values for the audit: the form's fields as sent; other names marked, their values left out. */
  private static Map<String, Object> auditValues(String formKey, Map<String, Object> values) {
    Set<String> fields = Answers.form(formKey).map(form -> form.fields().keySet()).orElse(Set.of());
    Map<String, Object> audited = new LinkedHashMap<>();
    values.forEach((name, value) -> audited.put(name, fields.contains(name) ? value : NOT_A_FIELD));
    return audited;
  }

  private String familyLine(EngineRequest call) {
    String prefix = switch (call.family()) {
      case ENGINE_REST -> "engine-rest";
      case WEBAPP_ENGINE -> "webapp engine";
      case API -> "api";
    };
    return call.method() + " " + prefix + " /" + String.join("/", call.segments());
  }

  private String errorDetail(byte[] body) {
    try {
      JsonNode error = json.readTree(body);
      if (error != null && error.hasNonNull("detail")) {
        return error.get("detail").asText();
      }
      return error != null && error.hasNonNull("message") ? error.get("message").asText() : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private String idOf(byte[] body) {
    try {
      JsonNode started = json.readTree(body);
      return started != null && started.hasNonNull("id") ? started.get("id").asText() : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private static Problem problem(RefusedInputException refused) {
    return switch (refused.kind()) {
      case INVALID_INPUT -> new Problem(400, "invalid-request", refused.getMessage(), refused.errors());
      case UNKNOWN_CLUSTER -> new Problem(404, "cluster-not-found", refused.getMessage(), List.of());
      case MIGRATION_RUNNING -> new Problem(409, "migration-running", refused.getMessage(), List.of());
      case NOT_ELIGIBLE -> new Problem(422, "not-eligible", refused.getMessage(), refused.errors());
    };
  }

  private static Problem invalid(String what, List<String> errors) {
    return new Problem(400, "invalid-request", what + ": " + String.join("; ", errors), errors);
  }

  // --- helpers

  private JsonNode object(byte[] body, Inspection inspection) {
    if (body.length == 0) {
      return json.createObjectNode();
    }
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException unreadable) {
      // refused below
    }
    inspection.refusal = Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "The body must be a JSON object.");
    return null;
  }

  private static List<String> unexpectedKeys(JsonNode request, Set<String> allowed) {
    List<String> errors = new ArrayList<>();
    request.fieldNames().forEachRemaining(key -> {
      if (!allowed.contains(key)) {
        errors.add(key + ": not permitted");
      }
    });
    return errors;
  }

  /** A job that failed (has an exception) and is an asynchronous step, not a timer. */
  private boolean failedStep(String jobId, Caller caller) {
    return asCaller(caller, () -> services.management().createJobQuery().jobId(jobId).messages().withException().count()) == 1;
  }

  private String processKey(EngineRequest call) {
    List<String> path = call.segments();
    if (path.get(1).equals("key")) {
      return path.get(2);
    }
    ProcessDefinition definition = services.repository().createProcessDefinitionQuery().processDefinitionId(path.get(1)).singleResult();
    return definition == null ? null : definition.getKey();
  }

  /** The migration a request is about, where its path says (process instance, task, job). */
  private String migrationOf(EngineRequest call, Caller caller) {
    String resource = call.segment(0);
    String id = call.segment(1);
    if (resource == null || id == null) {
      return null;
    }
    return switch (resource) {
      case "process-instance" -> id;
      case "task" -> asCaller(caller, () -> Optional.ofNullable(services.tasks().createTaskQuery().taskId(id).singleResult())
          .map(Task::getProcessInstanceId).orElse(null));
      case "job" -> asCaller(caller, () -> Optional.ofNullable(services.management().createJobQuery().jobId(id).singleResult())
          .map(Job::getProcessInstanceId).orElse(null));
      default -> null;
    };
  }

  /** Runs an engine look-up as the caller, so that it sees what the caller may see. */
  private <T> T asCaller(Caller caller, Supplier<T> lookup) {
    var before = services.identity().getCurrentAuthentication();
    services.identity().setAuthentication(caller.userId(), caller.groups());
    try {
      return lookup.get();
    } finally {
      if (before == null) {
        services.identity().clearAuthentication();
      } else {
        services.identity().setAuthentication(before);
      }
    }
  }

  private Caller caller(HttpServletRequest request, EngineRequest call) {
    if (call.family() == EngineRequest.Family.WEBAPP_ENGINE) {
      HttpSession session = request.getSession(false);
      if (session == null) {
        return null;
      }
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      if (authentications == null
          || !(authentications.getAuthenticationForProcessEngine(call.engine()) instanceof UserAuthentication user)) {
        return null;
      }
      return new Caller(user.getName(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()));
    }
    var current = services.identity().getCurrentAuthentication();
    if (current == null) {
      return null;
    }
    List<String> groups = current.getGroupIds() != null ? current.getGroupIds()
        : services.identity().createGroupQuery().groupMember(current.getUserId()).list().stream().map(Group::getId).toList();
    return new Caller(current.getUserId(), List.copyOf(groups));
  }
}
