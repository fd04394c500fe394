package org.occmmigrator.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.occmmigrator.system.Problems.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login ({@code POST <app>/api/admin/auth/user/<engine>/login/<app>}, a form with username and
 * password) under the same {@link LoginThrottle} as the APIs' basic authentication.
 */
class WebappLoginThrottleFilter extends OncePerRequestFilter {

  private final LoginThrottle throttle;

  WebappLoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!request.getMethod().equals("POST") || !request.getRequestURI().contains("/login/")) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = CachedBodyRequest.read(request, 16 * 1024);
    if (body == null) {
      Problems.write(response, Problem.of(HttpStatus.PAYLOAD_TOO_LARGE, "invalid-request", "The login form is too large."),
          request.getRequestURI());
      return;
    }
    String user = username(new String(body, StandardCharsets.UTF_8));
    String client = request.getRemoteAddr();
    var wait = throttle.waitFor(client, user);
    if (wait.isPresent()) {
      BasicAuthenticationFilter.tooManyFailures(response, wait.get());
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(client, user);
    } else if (response.getStatus() < 300) {
      throttle.succeeded(client, user);
    }
  }

  private static String username(String form) {
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals("username")) {
        try {
          return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
          return pair.substring(equals + 1);
        }
      }
    }
    return "";
  }
}
