package org.occmmigrator.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The sandbox's runtime API over HTTP, on the OpenStack emulator's loopback port next to its other
 * /_sandbox endpoints (README, "Change the sandbox world"). Each route calls one method of
 * {@link SandboxCloud}; errors answer {"message": …} with the status of {@link SandboxCloud.Refused}
 * (400 for a body that is no valid request).
 *
 * <pre>
 * GET    /_sandbox/clusters                                   clusters: phase, KKP version, project
 * GET    /_sandbox/clusters/{id}
 * POST   /_sandbox/clusters/{id}/services                     create a LoadBalancer Service (platform-file shape)
 * PATCH  /_sandbox/clusters/{id}/services/{namespace}/{name}  JSON merge patch of the Service
 * DELETE /_sandbox/clusters/{id}/services/{namespace}/{name}
 * POST   /_sandbox/projects/{project}/load-balancers          place an OCCM-style LB + FIP (another cluster's)
 * PUT    /_sandbox/projects/{project}/quotas                  {"floatingIps": n, "loadBalancers": n}
 * </pre>
 */
final class SandboxControlApi implements HttpHandler {

  /** The body of PUT …/quotas; a missing field leaves that quota as it is. */
  record Quotas(Integer floatingIps, Integer loadBalancers) {}

  private final SandboxCloud sandbox;
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  SandboxControlApi(SandboxCloud sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      Object answer;
      try {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getRawPath().replaceAll("/+$", "").split("/");
        for (int i = 0; i < path.length; i++) {
          path[i] = URLDecoder.decode(path[i], StandardCharsets.UTF_8);
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        // path[0] is "", path[1] "_sandbox", path[2] "clusters" or "projects"
        String route = method + " " + path[2] + "/" + (path.length > 4 ? path[4] : "") + "/" + path.length;
        answer = switch (route) {
          case "GET clusters//3" -> sandbox.clusters();
          case "GET clusters//4" -> sandbox.cluster(path[3]);
          case "POST clusters/services/5" -> {
            status = 201;
            yield sandbox.createService(path[3], read(body, DemoPlatform.Service.class));
          }
          case "PATCH clusters/services/7" -> sandbox.patchService(path[3], path[5], path[6],
              new String(body, StandardCharsets.UTF_8));
          case "DELETE clusters/services/7" -> {
            sandbox.deleteService(path[3], path[5], path[6]);
            status = 204;
            yield null;
          }
          case "POST projects/load-balancers/5" -> {
            status = 201;
            yield sandbox.createForeignLoadBalancer(path[3], read(body, SandboxCloud.ForeignLoadBalancerRequest.class));
          }
          case "PUT projects/quotas/5" -> {
            Quotas quotas = read(body, Quotas.class);
            sandbox.setQuota(path[3], quotas.floatingIps(), quotas.loadBalancers());
            yield quotas;
          }
          default -> throw new SandboxCloud.Refused(404, "No sandbox endpoint " + method + " "
              + exchange.getRequestURI().getPath());
        };
      } catch (SandboxCloud.Refused refused) {
        status = refused.status();
        answer = Map.of("message", refused.getMessage());
      } catch (RuntimeException unexpected) {
        status = 500;
        answer = Map.of("message", String.valueOf(unexpected.getMessage()));
      }
      send(exchange, status, answer);
    }
  }

  private <T> T read(byte[] body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException invalid) {
      throw new SandboxCloud.Refused(400, "Not a valid " + type.getSimpleName() + ": " + invalid.getOriginalMessage());
    } catch (IOException unreadable) {
      throw new SandboxCloud.Refused(400, "Unreadable body: " + unreadable.getMessage());
    }
  }

  private void send(HttpExchange exchange, int status, Object answer) throws IOException {
    if (answer == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = json.writeValueAsBytes(answer);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
