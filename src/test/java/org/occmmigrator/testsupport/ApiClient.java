package org.occmmigrator.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP calls to the application under test on loopback, as a demo user (HTTP basic). */
public final class ApiClient {

  public static final String DEMO_PASSWORD = "Sandbox!Migr8";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiClient() {}

  /** GET as the user (with the demo password); user null sends no credentials. */
  public static HttpResponse<String> get(int port, String user, String path) throws Exception {
    return get(port, user, DEMO_PASSWORD, path);
  }

  public static HttpResponse<String> get(int port, String user, String password, String path) throws Exception {
    var request = HttpRequest.newBuilder(uri(port, path)).GET();
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST of a JSON body as the user (with the demo password). */
  public static HttpResponse<String> post(int port, String user, String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(port, path)).header("Authorization", basic(user, DEMO_PASSWORD))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** PUT of a JSON body as the user (with the demo password). */
  public static HttpResponse<String> put(int port, String user, String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(port, path)).header("Authorization", basic(user, DEMO_PASSWORD))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
