package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.testsupport.ApiClient;

/**
 * The same attacks over the webapps' own path to the engine REST API ({@code /camunda/api/engine/engine/default}),
 * logged in to Tasklist as the operator, with its session cookie and CSRF token as the browser sends them.
 */
class WebappRestSecurityTest extends SecuredAppTestBase {

  private static final String ENGINE = "/camunda/api/engine/engine/default";

  @Test
  void operatorCannotWriteVariablesOverTheWebappsPath() throws Exception {
    Session support = login("support");
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String taskId = openTask(migration.getId()).getId();
    for (String[] attack : new String[][] {
        {"PUT", ENGINE + "/process-instance/" + migration.getId() + "/variables/decision", "{\"value\":\"WAIT_LONGER\"}"},
        {"PUT", ENGINE + "/task/" + taskId + "/variables/decision", "{\"value\":\"WAIT_LONGER\"}"},
        {"POST", ENGINE + "/process-instance/" + migration.getId() + "/modification", "{\"instructions\":[]}"},
        {"POST", ENGINE + "/process-definition/key/occm-migration/start",
            "{\"variables\":{\"clusterId\":{\"value\":\"munich\"}},\"startInstructions\":[]}"}}) {
      HttpResponse<String> response = support.send(attack[0], attack[1], attack[2]);
      assertThat(response.statusCode()).as(attack[0] + " " + attack[1] + ": " + response.body()).isIn(400, 403);
    }
    assertThat(runtimeService.getVariable(migration.getId(), Variable.DECISION)).isNull();
  }

  @Test
  void taskAnswersOverTheWebappsPathCarryOnlyTheFormsFields() throws Exception {
    Session support = login("support");
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String task = ENGINE + "/task/" + openTask(migration.getId()).getId();
    assertThat(support.send("POST", task + "/claim", "{\"userId\":\"support\"}").statusCode()).as("the path works").isEqualTo(204);

    HttpResponse<String> extra = support.send("POST", task + "/submit-form", answer(Map.of("decision", "MANUAL", "inventory", "{}")));
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(body(extra).get("message").asText()).as("what Tasklist shows").contains("inventory: is no field of this task's form");
    HttpResponse<String> typo = support.send("POST", task + "/submit-form", answer(Map.of("decision", "WAIT_LONGR")));
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(openTask(migration.getId())).isNotNull();
    assertThat(support.send("POST", task + "/submit-form", answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(204);
  }

  @Test
  void viewerChangesNothingOverTheWebappsPath() throws Exception {
    Session viewer = login("viewer");
    ProcessInstance migration = migrationAt("berlin", Element.HANDLE_STALLED_CONTROL_PLANE, Map.of());
    String task = ENGINE + "/task/" + openTask(migration.getId()).getId();
    assertThat(viewer.send("POST", task + "/complete", answer(Map.of("decision", "MANUAL"))).statusCode()).isEqualTo(403);
    assertThat(viewer.send("PUT", ENGINE + "/process-instance/" + migration.getId() + "/variables/decision", "{\"value\":\"MANUAL\"}")
        .statusCode()).isEqualTo(403);
    assertThat(openTask(migration.getId())).isNotNull();
  }

  /** A browser session of the webapps: cookies and the CSRF token Camunda hands out. */
  private final class Session {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      String token = csrfToken();
      if (token != null) {
        request.header("X-XSRF-TOKEN", token);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrfToken() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).findFirst().orElse(null);
    }
  }

  private Session login(String user) throws Exception {
    Session session = new Session();
    session.http.send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET().build(), HttpResponse.BodyHandlers.ofString());
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(ApiClient.DEMO_PASSWORD, StandardCharsets.UTF_8);
    HttpRequest.Builder login = HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (session.csrfToken() != null) {
      login.header("X-XSRF-TOKEN", session.csrfToken());
    }
    HttpResponse<String> answer = session.http.send(login.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("login: " + answer.body()).isEqualTo(200);
    // a GET hands out the session's CSRF token for the requests that change something
    session.send("GET", ENGINE + "/task/count", null);
    return session;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
