package org.occmmigrator.openstack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRootName;
import java.util.List;
import java.util.Map;
import org.openstack4j.api.types.ServiceType;
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
 * The two calls openstack4j 3.12 lacks, made on its own HTTP layer (no second client): Keystone
 * application-credential authentication, and Octavia's project quota.
 */
final class KeystoneExtensions {

  private KeystoneExtensions() {}

  /** POST /v3/auth/tokens with the application_credential method; the token is then used as any other. */
  static Token authenticateWithApplicationCredential(String authUrl, String id, String secret) {
    var body = new ApplicationCredentialAuth(new ApplicationCredentialAuth.Identity(List.of("application_credential"),
        Map.of("id", id, "secret", secret)));
    HttpRequest<KeystoneToken> request = HttpRequest.builder(KeystoneToken.class).endpoint(authUrl)
        .path("/auth/tokens").method(HttpMethod.POST).serviceType(ServiceType.IDENTITY).entity(body).build();
    try (HttpResponse response = HttpExecutor.create().execute(request)) {
      if (response.getStatus() >= 400) {
        String what = "Keystone refused the application credential " + id + " (HTTP " + response.getStatus() + ")";
        throw response.getStatus() >= 500 ? new OpenStackTransientException(what) : new OpenStackPermanentException(what);
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
  record ApplicationCredentialAuth(Identity identity) implements ModelEntity {
    record Identity(List<String> methods, @JsonProperty("application_credential") Map<String, String> credential) {}
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
}
