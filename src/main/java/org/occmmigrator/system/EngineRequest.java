package org.occmmigrator.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriUtils;

/**
 * A request to the engine's REST API as the JAX-RS resources will see it: its method and the path segments
 * after the engine ({@code /engine-rest/task/1/complete}, {@code /engine-rest/engine/default/task/1/complete} and
 * the webapps' {@code /camunda/api/engine/engine/default/task/1/complete} are all {@code [task, 1, complete]}).
 * Matrix parameters ({@code ;x=y}) are dropped and segments decoded, as the JAX-RS matcher does, so that no
 * spelling of a path slips past the rules. {@code malformed}: a segment that decodes to a slash or dot-segment.
 * {@code engine}: the engine's name ("default" where the path names none); null for our own API.
 */
record EngineRequest(Family family, String engine, String method, List<String> segments, boolean malformed) {

  enum Family { ENGINE_REST, WEBAPP_ENGINE, API }

  boolean isRead() {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  String segment(int index) {
    return index < segments.size() ? segments.get(index) : null;
  }

  /** "METHOD /a/b/c", for messages and the audit log. */
  String line() {
    return method + " /" + String.join("/", segments);
  }

  /**
   * The request, or null when it is for none of the gated paths.
   *
   * @param webappPath the webapps' application path, e.g. "/camunda"
   */
  static EngineRequest of(HttpServletRequest request, String webappPath) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    List<String> segments = new ArrayList<>();
    boolean malformed = false;
    for (String raw : path.split("/")) {
      int matrix = raw.indexOf(';');
      String segment = matrix >= 0 ? raw.substring(0, matrix) : raw;
      if (segment.isEmpty()) {
        continue;
      }
      try {
        segment = UriUtils.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException badEscape) {
        malformed = true;
      }
      if (segment.contains("/") || segment.equals(".") || segment.equals("..")) {
        malformed = true;
      }
      segments.add(segment);
    }
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    List<String> app = segmentsOf(webappPath);
    if (!segments.isEmpty() && segments.get(0).equals("engine-rest")) {
      boolean named = segments.size() > 2 && segments.get(1).equals("engine");
      int from = named ? 3 : 1;
      return new EngineRequest(Family.ENGINE_REST, named ? segments.get(2) : "default", method, List.copyOf(segments.subList(from, segments.size())), malformed);
    }
    List<String> webappEngine = new ArrayList<>(app);
    webappEngine.addAll(List.of("api", "engine", "engine"));
    if (startsWith(segments, webappEngine)) {
      int from = Math.min(segments.size(), webappEngine.size() + 1); // skip the engine name
      String engine = segments.size() > webappEngine.size() ? segments.get(webappEngine.size()) : "default";
      return new EngineRequest(Family.WEBAPP_ENGINE, engine, method, List.copyOf(segments.subList(from, segments.size())), malformed);
    }
    if (!segments.isEmpty() && segments.get(0).equals("api")) {
      return new EngineRequest(Family.API, null, method, List.copyOf(segments.subList(1, segments.size())), malformed);
    }
    return null;
  }

  private static boolean startsWith(List<String> segments, List<String> prefix) {
    return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
  }

  private static List<String> segmentsOf(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}
