package org.occmmigrator.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP basic authentication for the engine REST API and our own API, checked against Camunda's
 * identity service, so that the same users, groups and authorizations apply as in the webapps.
 * Camunda's own filter lets {@code /engine-rest/engine} through unauthenticated; this one does not. Failed
 * logins count in the {@link LoginThrottle}: a client that keeps failing for a user waits (429), nobody else does.
 */
class BasicAuthenticationFilter extends OncePerRequestFilter {

  private static final String PREFIX = "Basic ";

  private final IdentityService identityService;
  private final LoginThrottle throttle;

  BasicAuthenticationFilter(IdentityService identityService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Credentials credentials = credentials(request.getHeader("Authorization"));
    String client = request.getRemoteAddr();
    if (credentials != null) {
      var wait = throttle.waitFor(client, credentials.userId());
      if (wait.isPresent()) {
        tooManyFailures(response, wait.get());
        return;
      }
    }
    String userId = null;
    if (credentials != null) {
      if (identityService.checkPassword(credentials.userId(), credentials.password())) {
        throttle.succeeded(client, credentials.userId());
        userId = credentials.userId();
      } else {
        throttle.failed(client, credentials.userId());
      }
    }
    if (userId == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"occm-migrator\"");
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getWriter().write("{\"type\":\"urn:occm-migrator:problem:unauthenticated\",\"title\":\"Unauthorized\","
          + "\"status\":401,\"detail\":\"Give a user and password of occm-migrator (HTTP basic authentication).\"}");
      return;
    }
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).toList();
    List<String> tenants = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true)
        .list().stream().map(Tenant::getId).toList();
    identityService.setAuthentication(userId, groups, tenants);
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  private record Credentials(String userId, String password) {}

  /** The user and password the header carries, else null. */
  private static Credentials credentials(String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(PREFIX.length()).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** 429 with Retry-After: this client failed too often for this user and must wait. */
  static void tooManyFailures(HttpServletResponse response, Duration wait) throws IOException {
    long seconds = Math.max(1, wait.toSeconds());
    response.setHeader("Retry-After", Long.toString(seconds));
    Problems.write(response, new Problems.Problem(429, "too-many-login-failures", "Too many failed logins from this client"
        + " for this user: try again in " + seconds + " s (an administrator can unlock the user).", List.of()), null);
  }
}
