package org.occmmigrator.system;

import java.util.List;
import java.util.Set;

/**
 * What a caller may send to the engine's REST API (both {@code /engine-rest} and the webapps' own path), by
 * method and path: reads pass (Camunda's authorizations decide what a user sees); of the requests that change
 * something, members of camunda-admin may send any but a deployment in production, everyone else only those
 * listed here — queries sent as POST, starting a process, answering, claiming and commenting tasks, retrying a
 * failed job, and changing their own password or profile. An allow-list: a request not named here (variables,
 * modification, start instructions, job execution, suspension, deletion, messages, signals, deployments, …)
 * is refused whatever Camunda's authorizations would say.
 */
final class EngineAccessRules {

  /** What the gate does with a request. */
  enum Rule {
    /** Passes unchecked: a read, or an admin's request. */
    PASS,
    /** A query sent as POST: passes, reads only. */
    QUERY,
    /** A start of a process: its body is checked (no start instructions; the start form's fields only). */
    START,
    /** A task answer: only the fields of the task's form, validated. */
    TASK_ANSWER,
    /** Claim, unclaim, assign or comment a task: Camunda's task authorizations decide. */
    TASK_WORK,
    /** New retries for a job; a due date with them ("retry now") only for a failed job that is no timer. */
    JOB_RETRIES,
    /** A change of the caller's own user (password, profile). */
    OWN_ACCOUNT,
    /** Unlocking a user: passes for admins, and lifts the login throttle too. */
    UNLOCK_USER,
    /** A deployment in the production profile: models come from bpmn/ at start-up. */
    DEPLOYMENT_REFUSED,
    /** Anything else that changes the engine, for a caller without admin powers. */
    REFUSED
  }

  private static final Set<String> QUERY_ROOTS = Set.of("case-execution", "case-instance", "execution", "external-task",
      "group", "job", "job-definition", "process-instance", "task", "variable-instance");
  private static final Set<String> HISTORY_QUERY_ROOTS = Set.of("activity-instance", "case-instance", "detail",
      "external-task-log", "job-log", "process-instance", "task", "variable-instance");
  private static final Set<String> FILTER_QUERIES = Set.of("list", "count", "singleResult");
  private static final Set<String> ANSWERS = Set.of("complete", "submit-form");
  private static final Set<String> STARTS = Set.of("start", "submit-form");
  private static final Set<String> TASK_WORK = Set.of("claim", "unclaim", "assignee");

  private EngineAccessRules() {}

  static Rule rule(String method, List<String> path, String userId, boolean admin, boolean production) {
    boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (read) {
      return Rule.PASS;
    }
    if (path.isEmpty()) {
      return admin ? Rule.PASS : Rule.REFUSED;
    }
    if (isDeployment(method, path)) {
      return production ? Rule.DEPLOYMENT_REFUSED : admin ? Rule.PASS : Rule.REFUSED;
    }
    if (method.equals("POST") && isQuery(path)) {
      return Rule.QUERY;
    }
    if (method.equals("POST") && isStart(path)) {
      return Rule.START;
    }
    if (method.equals("POST") && path.size() == 3 && path.get(0).equals("task") && ANSWERS.contains(path.get(2))) {
      return Rule.TASK_ANSWER;
    }
    if (admin) {
      return method.equals("POST") && path.size() == 3 && path.get(0).equals("user") && path.get(2).equals("unlock")
          ? Rule.UNLOCK_USER : Rule.PASS;
    }
    if (method.equals("POST") && path.get(0).equals("task") && (path.size() == 3 && TASK_WORK.contains(path.get(2))
        || path.size() == 4 && path.get(2).equals("comment") && path.get(3).equals("create"))) {
      return Rule.TASK_WORK;
    }
    if (method.equals("PUT") && path.size() == 3 && path.get(0).equals("job")) {
      return path.get(2).equals("retries") ? Rule.JOB_RETRIES : Rule.REFUSED;
    }
    if (method.equals("PUT") && path.size() == 3 && path.get(0).equals("user") && path.get(1).equals(userId)
        && (path.get(2).equals("credentials") || path.get(2).equals("profile"))) {
      return Rule.OWN_ACCOUNT;
    }
    return Rule.REFUSED;
  }

  private static boolean isDeployment(String method, List<String> path) {
    return method.equals("POST") && path.size() >= 2 && path.get(0).equals("deployment")
        && (path.size() == 2 && path.get(1).equals("create") || path.size() == 3 && path.get(2).equals("redeploy"));
  }

  /** {@code process-definition/{id}/start}, {@code …/key/{key}/start}, {@code …/key/{key}/tenant-id/{t}/start}, and submit-form. */
  static boolean isStart(List<String> path) {
    if (path.isEmpty() || !path.get(0).equals("process-definition") || !STARTS.contains(path.get(path.size() - 1))) {
      return false;
    }
    return path.size() == 3 && !path.get(1).equals("key")
        || path.size() == 4 && path.get(1).equals("key")
        || path.size() == 6 && path.get(1).equals("key") && path.get(3).equals("tenant-id");
  }

  private static boolean isQuery(List<String> path) {
    if (path.size() == 3 && path.get(0).equals("filter") && FILTER_QUERIES.contains(path.get(2))) {
      return true;
    }
    boolean counted = path.get(path.size() - 1).equals("count");
    List<String> root = counted ? path.subList(0, path.size() - 1) : path;
    if (root.size() == 1) {
      return QUERY_ROOTS.contains(root.get(0));
    }
    if (root.size() == 2 && root.get(0).equals("history")) {
      return HISTORY_QUERY_ROOTS.contains(root.get(1));
    }
    if (root.size() == 2 && root.equals(List.of("schema", "log"))) {
      return true;
    }
    return !counted && path.equals(List.of("identity", "password-policy"));
  }
}
