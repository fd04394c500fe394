package org.occmmigrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Drives migrations over the REST APIs as Tasklist and platform automation do, as the demo user support. */
public final class MigrationDriver {

  private final int port;
  private final ObjectMapper json = new ObjectMapper();

  public MigrationDriver(int port) {
    this.port = port;
  }

  /** Starts a migration over the API; returns the response (201 with the migration, or a problem). */
  public HttpResponse<String> start(String body) throws Exception {
    return post("/api/migrations", body);
  }

  public String id(HttpResponse<String> started) throws Exception {
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    return json.readTree(started.body()).get("id").asText();
  }

  /** Waits up to 90 s for at least count open tasks; fails early on an incident, a rejection or a cancellation. */
  public List<JsonNode> awaitTasks(String processInstanceId, int count) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      JsonNode tasks = json.readTree(get("/engine-rest/task?processInstanceId=" + processInstanceId).body());
      if (tasks.size() >= count) {
        List<JsonNode> list = new ArrayList<>();
        tasks.forEach(list::add);
        return list;
      }
      JsonNode migration = migration(processInstanceId);
      assertThat(migration.get("incidents")).as(migration.toString()).isEmpty();
      assertThat(migration.get("state").asText()).as(migration.toString()).isNotIn("REJECTED", "CANCELLED");
      sleep(200);
    }
    throw new AssertionError("no " + count + " open tasks within 90 s: " + get("/api/migrations/" + processInstanceId).body());
  }

  /** Waits up to 60 s for the migration's state (RUNNING, COMPLETED, REJECTED, ...). */
  public JsonNode awaitState(String id, String state) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      JsonNode migration = migration(id);
      if (migration.get("state").asText().equals(state)) {
        return migration;
      }
      sleep(200);
    }
    throw new AssertionError("not " + state + " within 60 s: " + get("/api/migrations/" + id).body());
  }

  public JsonNode migration(String id) throws Exception {
    return json.readTree(get("/api/migrations/" + id).body());
  }

  /** A JSON variable of a task, parsed. */
  public JsonNode variable(String taskId, String name) throws Exception {
    JsonNode variable = json.readTree(get("/engine-rest/task/" + taskId + "/variables/" + name + "?deserializeValue=false").body());
    return json.readTree(variable.get("value").asText());
  }

  /** A string variable of a task. */
  public String text(String taskId, String name) throws Exception {
    return json.readTree(get("/engine-rest/task/" + taskId + "/variables/" + name).body()).get("value").asText();
  }

  public static List<String> names(List<JsonNode> tasks) {
    return tasks.stream().map(t -> t.get("name").asText()).toList();
  }

  /** Completes a task over engine REST as Tasklist does; expects 204. */
  public void complete(String taskId, Map<String, Object> variables) throws Exception {
    Map<String, Object> body = Map.of("variables", variables.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.of("value", e.getValue()))));
    HttpResponse<String> response = post("/engine-rest/task/" + taskId + "/complete", json.writeValueAsString(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return ApiClient.get(port, "support", path);
  }

  public HttpResponse<String> post(String path, String body) throws Exception {
    return ApiClient.post(port, "support", path, body);
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
