package org.occmmigrator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The simulated OCCM's HTTP calls to the cloud, made as a real OCCM makes them (over the emulator's
 * public API, so that injected faults and quotas reach it): a Keystone v3 token for the cluster's
 * project from its credentials, then Octavia (load-balancer endpoint, /v2/lbaas/...) and Neutron
 * (network endpoint, /v2.0/...) from the token's catalog. A 401 makes it authenticate anew once (a
 * token may expire or be revoked). Never logs or returns a credential.
 */
final class OccmCloudClient {

  /** An OpenStack call that failed: the method, path, HTTP status (0: no answer) and the API's message. */
  static final class CallFailed extends RuntimeException {
    final int status;

    CallFailed(String method, String path, int status, String message) {
      super(method + " " + path + ": " + (status == 0 ? "" : "HTTP " + status + " ") + message);
      this.status = status;
    }
  }

  enum Api { NETWORK, LOAD_BALANCER }

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final ObjectMapper json;
  private final String authUrl;
  private final DemoPlatform.OpenStack credentials;
  private final String projectId;
  private String token;
  private String networkUrl;
  private String loadBalancerUrl;

  OccmCloudClient(HttpClient http, ObjectMapper json, String authUrl, DemoPlatform.OpenStack credentials, String projectId) {
    this.http = http;
    this.json = json;
    this.authUrl = authUrl;
    this.credentials = credentials;
    this.projectId = projectId;
  }

  JsonNode get(Api api, String path) {
    return call("GET", api, path, null);
  }

  JsonNode post(Api api, String path, Map<String, Object> body) {
    return call("POST", api, path, body);
  }

  JsonNode put(Api api, String path, Map<String, Object> body) {
    return call("PUT", api, path, body);
  }

  /** DELETE; a 404 counts as done. */
  void delete(Api api, String path) {
    try {
      call("DELETE", api, path, null);
    } catch (CallFailed failed) {
      if (failed.status != 404) {
        throw failed;
      }
    }
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode call(String method, Api api, String path, Map<String, Object> body) {
    if (token == null) {
      authenticate();
    }
    HttpResponse<String> response = send(method, url(api) + path, body, true);
    if (response.statusCode() == 401) {
      authenticate();
      response = send(method, url(api) + path, body, true);
    }
    return answer(method, URI.create(url(api) + path).getPath(), response);
  }

  private String url(Api api) {
    return api == Api.NETWORK ? networkUrl + "/v2.0" : loadBalancerUrl + "/v2";
  }

  private void authenticate() {
    Map<String, Object> identity = credentials.applicationCredentialId() != null
        ? Map.of("methods", java.util.List.of("application_credential"), "application_credential",
            Map.of("id", credentials.applicationCredentialId(), "secret", credentials.applicationCredentialSecret()))
        : Map.of("methods", java.util.List.of("password"), "password", Map.of("user", Map.of("name",
            credentials.username(), "domain", Map.of("name", "Default"), "password", credentials.password())));
    Map<String, Object> auth = credentials.applicationCredentialId() != null ? Map.of("identity", identity)
        : Map.of("identity", identity, "scope", Map.of("project", Map.of("id", projectId)));
    HttpResponse<String> response = send("POST", authUrl + "/auth/tokens", Map.of("auth", auth), false);
    JsonNode body = answer("POST", "/identity/v3/auth/tokens", response);
    token = response.headers().firstValue("X-Subject-Token")
        .orElseThrow(() -> new CallFailed("POST", "/identity/v3/auth/tokens", response.statusCode(), "no token"));
    for (JsonNode service : body.path("token").path("catalog")) {
      for (JsonNode endpoint : service.path("endpoints")) {
        if ("public".equals(endpoint.path("interface").asText())) {
          switch (service.path("type").asText()) {
            case "network" -> networkUrl = endpoint.path("url").asText().replaceAll("/$", "");
            case "load-balancer" -> loadBalancerUrl = endpoint.path("url").asText().replaceAll("/$", "");
            default -> { }
          }
        }
      }
    }
    if (networkUrl == null || loadBalancerUrl == null) {
      throw new CallFailed("POST", "/identity/v3/auth/tokens", response.statusCode(),
          "the catalog has no public network or load-balancer endpoint");
    }
  }

  private HttpResponse<String> send(String method, String url, Map<String, Object> body, boolean withToken) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
          .header("Accept", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (withToken) {
        request.header("X-Auth-Token", token);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException unanswered) {
      throw new CallFailed(method, URI.create(url).getPath(), 0, "no answer (" + unanswered.getClass().getSimpleName() + ")");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CallFailed(method, URI.create(url).getPath(), 0, "interrupted");
    }
  }

  private JsonNode answer(String method, String path, HttpResponse<String> response) {
    String text = response.body() == null ? "" : response.body();
    JsonNode body;
    try {
      body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
    } catch (IOException notJson) {
      body = json.createObjectNode();
    }
    if (response.statusCode() >= 400) {
      throw new CallFailed(method, path, response.statusCode(), message(body));
    }
    return body;
  }

  /** The error message of a Keystone, Neutron or Octavia error body. */
  private static String message(JsonNode body) {
    for (String field : new String[] {"NeutronError", "error"}) {
      if (body.path(field).has("message")) {
        return body.path(field).path("message").asText();
      }
    }
    if (body.has("faultstring")) {
      return body.path("faultstring").asText();
    }
    return body.path("message").asText("");
  }
}
