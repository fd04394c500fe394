package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess;

/**
 * Input hygiene of /api: every refused input is a 4xx problem (application/problem+json with a stable type),
 * ids are checked by their shape before anything is looked up, and nothing starts.
 */
class ApiInputSecurityTest extends SecuredAppTestBase {

  @Test
  void startBodiesOfTheWrongShapeAre400AndStartNothing() throws Exception {
    for (String body : List.of(
        "{\"clusterId\":\"berlin\",\"confirmed\":1}",
        "{\"clusterId\":\"berlin\",\"confirmed\":\"yes\"}",
        "{\"clusterId\":\"berlin\",\"handovers\":{\"shop/api\":null}}",
        "{\"clusterId\":\"berlin\",\"handovers\":{\"shop/api\":\"TELEPORT\"}}",
        "{\"clusterId\":\"berlin\",\"handovers\":[\"shop/api\"]}",
        "{\"clusterId\":\"berlin\",\"inventory\":{\"clusterId\":\"berlin\",\"services\":[]}}",
        "{\"clusterId\":\"" + "a".repeat(10_000) + "\"}",
        "{\"clusterId\":\"Berlin\"}",
        "{\"clusterId\":123}",
        "{\"clusterId\":null}",
        "[]",
        "")) {
      HttpResponse<String> response = send("support", "POST", "/api/migrations", body);
      assertThat(response.statusCode()).as(shorten(body) + ": " + response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(problemType(response)).isEqualTo("invalid-request");
    }
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY).count()).isZero();
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    String body = "{\"clusterId\":\"berlin\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}";
    for (String path : List.of("/api/migrations", "/engine-rest/process-definition/key/occm-migration/start")) {
      HttpResponse<String> response = send("support", "POST", path, body);
      assertThat(response.statusCode()).as(path).isEqualTo(413);
      assertThat(problemType(response)).isEqualTo("invalid-request");
    }
  }

  @Test
  void idsAndPagingAreCheckedBeforeAnythingIsLookedUp() throws Exception {
    for (String path : List.of(
        "/api/clusters/" + "a".repeat(300) + "/plan",
        "/api/clusters/Not_A_Cluster/plan",
        "/api/migrations/" + "1".repeat(100),
        "/api/migrations/bad%20id/report",
        "/api/migrations/x'y/audit",
        "/api/migrations?page=2147483647",
        "/api/migrations?page=99999999&size=200",
        "/api/migrations?clusterId=" + "a".repeat(100),
        "/api/clusters?page=2147483647",
        "/api/audit?size=100000")) {
      HttpResponse<String> response = send("viewer", "GET", path, null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
      assertThat(problemType(response)).as(path).isEqualTo("invalid-request");
    }
  }

  @Test
  void theLargestAcceptedPageAnswersEmptyInsteadOfOverflowing() throws Exception {
    HttpResponse<String> response = send("viewer", "GET", "/api/migrations?page=1000000&size=200", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body(response)).isEmpty();
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
