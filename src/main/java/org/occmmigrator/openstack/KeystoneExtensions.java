package org.occmmigrator.openstack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRootName;
import java.util.List;
import java.util.Map;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.model.ModelEntity;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;
import org.openstack4j.openstack.internal.BaseOpenStackService;
import org.openstack4j.openstack.common.functions.EnforceVersionToURL;

/**
 * Keystone authentication and Octavia's project quota on openstack4j's own HTTP layer (no second client).
 * openstack4j 3.12 lacks application-credential authentication and the quota call; and its own password
 * authentication, on a 401, "re-authenticates" with whatever session the thread last used (another project's, or
 * none) — a wrong password was sent twice and could come back as a connection error. Here each authentication is one
 * POST /v3/auth/tokens marked as an authentication request, so that openstack4j never retries it.
 */
final class KeystoneExtensions {

  private KeystoneExtensions() {}

  /** POST /v3/auth/tokens with the application_credential method (the credential is scoped to its project). */
  static Token authenticateWithApplicationCredential(Config config, String authUrl, String id, String secret) {
    return authenticate(config, authUrl, new Auth(new Auth.Identity(List.of("application_credential"), null,
        Map.of("id", id, "secret", secret)), null));
  }

  /** POST /v3/auth/tokens with the password method, scoped to the project given by id or by name in the domain. */
  static Token authenticateWithPassword(Config config, String authUrl, String user, String password, String domain, String projectId,
      String projectName) {
    Map<String, Object> domainRef = Map.of("name", domain);
    Map<String, Object> project = projectId != null && !projectId.isBlank() ? Map.of("id", projectId)
        : Map.of("name", projectName, "domain", domainRef);
    return authenticate(config, authUrl, new Auth(new Auth.Identity(List.of("password"),
        Map.of("user", Map.of("name", user, "password", password, "domain", domainRef)), null), Map.of("project", project)));
  }

  /**
   * One authentication request.
   *
   * @throws AuthenticationException on 401: the credentials are wrong (or the credential was deleted or expired)
   */
  private static Token authenticate(Config config, String authUrl, Auth body) {
    HttpRequest<KeystoneToken> request = HttpRequest.builder(KeystoneToken.class).endpoint(authUrl)
        .path("/auth/tokens").method(HttpMethod.POST).serviceType(ServiceType.IDENTITY).config(config)
        .header(ClientConstants.HEADER_OS4J_AUTH, "true").entity(body).build();
    try (HttpResponse response = HttpExecutor.create().execute(request)) {
      if (response.getStatus() == 401) {
        throw new AuthenticationException("Keystone refused the credentials", 401);
      }
      if (response.getStatus() >= 400) {
        int status = response.getStatus();
        String what = "OpenStack: cannot authenticate at " + authUrl + ": Keystone answered HTTP " + status + ". ";
        // busy or throttled (409, 429) and 5xx pass; any other refusal stays
        throw status >= 500 || status == 409 || status == 429
            ? new OpenStackTransientException(what + "Check: that Keystone of the cluster's datacenter answers; the step"
                + " retries by itself, an incident means it kept failing — retry it once Keystone answers")
            : new OpenStackPermanentException(what + "Check: the datacenter's auth URL and the KKP Secret"
                + " credential-openstack-<cluster id>, then retry the incident");
      }
      KeystoneToken token = response.getEntity(KeystoneToken.class);
      token.setId(response.header("X-Subject-Token"));
      token.setEndpoint(authUrl);
      return token;
    } catch (java.io.IOException closing) {
      throw new OpenStackTransientException("Keystone answer could not be read: " + closing.getMessage(), closing);
    }
  }

  @JsonRootName("auth")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Auth(Identity identity, Map<String, Object> scope) implements ModelEntity {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Identity(List<String> methods, Map<String, Object> password,
        @JsonProperty("application_credential") Map<String, String> credential) {}
  }

  /** GET /v2/lbaas/quotas/{project} on the load-balancer endpoint of the current session. */
  static final class OctaviaQuotas extends BaseOpenStackService {

    OctaviaQuotas() {
      super(ServiceType.OCTAVIA, EnforceVersionToURL.instance("/v2.0")); // as openstack4j's own Octavia services
    }

    int loadBalancers(String projectId) {
      QuotaAnswer answer = get(QuotaAnswer.class, uri("/lbaas/quotas/%s", projectId)).execute();
      if (answer == null || answer.quota() == null) {
        throw new OpenStackPermanentException("Octavia reports no quota for project " + projectId);
      }
      Object value = answer.quota().getOrDefault("load_balancer", answer.quota().get("loadbalancer"));
      return value instanceof Number number ? number.intValue() : -1;
    }

    record QuotaAnswer(Map<String, Object> quota) {}
  }

  /** Octavia's load balancer with the fields openstack4j's model leaves out (GET /v2/lbaas/loadbalancers/{id}). */
  static final class OctaviaLoadBalancers extends BaseOpenStackService {

    OctaviaLoadBalancers() {
      super(ServiceType.OCTAVIA, EnforceVersionToURL.instance("/v2.0"));
    }

    /** created_at of the load balancer (Octavia writes UTC without a zone), empty when it is gone or has none. */
    java.util.Optional<java.time.Instant> createdAt(String id) {
      Answer answer = get(Answer.class, uri("/lbaas/loadbalancers/%s", id)).execute();
      Object created = answer == null || answer.loadbalancer() == null ? null : answer.loadbalancer().get("created_at");
      return created == null ? java.util.Optional.empty() : java.util.Optional.of(instant(created.toString()));
    }

    static java.time.Instant instant(String text) {
      return text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(text).toInstant()
          : java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }

    record Answer(Map<String, Object> loadbalancer) {}
  }
}
