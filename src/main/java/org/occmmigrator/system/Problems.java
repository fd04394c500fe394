package org.occmmigrator.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Refusals written by the servlet filters as application/problem+json (RFC 9457) with the API's stable types
 * ({@code urn:occm-migrator:problem:<kind>}). They also carry {@code message}, the field Camunda's webapps show
 * from an error of the engine REST API, so that Tasklist shows the reason of a refused answer.
 */
final class Problems {

  /** A refusal: status, problem kind, the sentence for the engineer, the single errors (may be empty). */
  record Problem(int status, String kind, String detail, List<String> errors) {

    static Problem of(HttpStatus status, String kind, String detail) {
      return new Problem(status.value(), kind, detail, List.of());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  static void write(HttpServletResponse response, Problem problem, String instance) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:occm-migrator:problem:" + problem.kind());
    body.put("title", HttpStatus.valueOf(problem.status()).getReasonPhrase());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    body.put("instance", instance);
    if (!problem.errors().isEmpty()) {
      body.put(problem.kind().equals("not-eligible") ? "reasons" : "errors", problem.errors());
    }
    body.put("message", problem.detail());
    response.setStatus(problem.status());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}
