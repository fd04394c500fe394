package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.junit.jupiter.api.Test;
import org.occmmigrator.system.EngineAccessRules.Rule;

/**
 * The allow-list against every endpoint of Camunda's REST API (read from its JAX-RS resources, so a new endpoint
 * of a Camunda upgrade is checked too): of everything that changes something, an operator may send exactly the
 * requests listed here; an admin everything but a deployment in production.
 */
class EngineAccessRulesTest {

  /** Every change an operator may send, path parameters as "x" (the caller is user "x"). */
  private static final Set<String> OPERATOR_CHANGES = Set.of(
      "POST /process-definition/key/x/start", "POST /process-definition/key/x/submit-form",
      "POST /process-definition/key/x/tenant-id/x/start", "POST /process-definition/key/x/tenant-id/x/submit-form",
      "POST /process-definition/x/start", "POST /process-definition/x/submit-form",
      "POST /task/x/complete", "POST /task/x/submit-form", "POST /task/x/claim", "POST /task/x/unclaim",
      "POST /task/x/assignee", "POST /task/x/comment/create", "PUT /job/x/retries",
      "PUT /user/x/credentials", "PUT /user/x/profile");

  @Test
  void operatorsMayChangeOnlyWhatTheirWorkNeeds() throws Exception {
    Set<String> permitted = new TreeSet<>();
    Set<String> queries = new TreeSet<>();
    for (String endpoint : endpoints()) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      List<String> path = segments(endpoint.substring(endpoint.indexOf(' ') + 1));
      Rule rule = EngineAccessRules.rule(method, path, "x", false, false);
      if (Set.of("GET", "HEAD", "OPTIONS").contains(method) || rule == Rule.REFUSED) {
        continue;
      }
      (rule == Rule.QUERY ? queries : permitted).add(endpoint);
    }
    assertThat(permitted).containsExactlyInAnyOrderElementsOf(OPERATOR_CHANGES);
    assertThat(queries).as("POST queries read only").allSatisfy(query ->
        assertThat(query).matches("POST /(history/)?[a-z-]+(/count)?|POST /filter/x/(list|count|singleResult)|POST /schema/log"
            + "|POST /identity/password-policy"));
    assertThat(queries).contains("POST /task", "POST /process-instance", "POST /history/process-instance", "POST /filter/x/list");
  }

  @Test
  void operatorsMayNotChangeAnotherUser() {
    assertThat(EngineAccessRules.rule("PUT", List.of("user", "admin", "credentials"), "support", false, false)).isEqualTo(Rule.REFUSED);
  }

  @Test
  void adminsMayChangeAnythingButDeployInProduction() throws Exception {
    for (String endpoint : endpoints()) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      List<String> path = segments(endpoint.substring(endpoint.indexOf(' ') + 1));
      assertThat(EngineAccessRules.rule(method, path, "admin", true, false)).as(endpoint).isNotIn(Rule.REFUSED, Rule.DEPLOYMENT_REFUSED);
    }
    assertThat(EngineAccessRules.rule("POST", List.of("deployment", "create"), "admin", true, true)).isEqualTo(Rule.DEPLOYMENT_REFUSED);
    assertThat(EngineAccessRules.rule("POST", List.of("deployment", "x", "redeploy"), "admin", true, true)).isEqualTo(Rule.DEPLOYMENT_REFUSED);
    assertThat(EngineAccessRules.rule("POST", List.of("deployment", "create"), "admin", true, false)).isEqualTo(Rule.PASS);
  }

  /** "METHOD /path" of every endpoint of the engine REST API, path parameters as "x". */
  static Set<String> endpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (Class<?> root : CamundaRestResources.getResourceClasses()) {
      Path path = pathOf(root);
      if (path != null) {
        walk(root, path.value(), 0, endpoints);
      }
    }
    assertThat(endpoints).hasSizeGreaterThan(400);
    return endpoints;
  }

  private static void walk(Class<?> type, String base, int depth, Set<String> endpoints) {
    if (depth > 6) {
      return;
    }
    for (Class<?> declaring : hierarchy(type)) {
      for (Method method : declaring.getDeclaredMethods()) {
        Path path = method.getAnnotation(Path.class);
        String full = (base + (path == null ? "" : "/" + path.value())).replaceAll("/+", "/").replaceAll("\\{[^}]+}", "x");
        String http = Arrays.stream(method.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
            .filter(h -> h != null).map(HttpMethod::value).findFirst().orElse(null);
        if (http != null) {
          String endpoint = full.endsWith("/") && full.length() > 1 ? full.substring(0, full.length() - 1) : full;
          // /engine/{name}/… is the same resource as /…: the gate reads it so (EngineRequest)
          endpoints.add(http + " " + endpoint.replaceFirst("^/engine/x/", "/"));
        } else if (path != null) {
          walk(method.getReturnType(), full, depth + 1, endpoints);
        }
      }
    }
  }

  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> all = new ArrayList<>();
    for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
      all.add(k);
      for (Class<?> i : k.getInterfaces()) {
        all.addAll(hierarchy(i));
      }
    }
    return all;
  }

  private static Path pathOf(Class<?> type) {
    for (Class<?> k : hierarchy(type)) {
      if (k.getAnnotation(Path.class) != null) {
        return k.getAnnotation(Path.class);
      }
    }
    return null;
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}
