package org.occmmigrator.openstack;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.occmmigrator.system.InCallRetry;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates once per project and reuses the token until shortly before it expires. openstack4j
 * binds a client to the thread that built it, so every call builds a client from the cached token on
 * the thread that runs it (the job executor's). Faults are translated into our two exception types, and a call
 * that failed transiently is repeated a few times inside the call ({@link InCallRetry}): each {@link #call} is
 * one request, or reads and the one idempotent write that depends on them, so that repeating it is safe.
 */
public class OpenStackSessions {

  private static final Logger log = LoggerFactory.getLogger(OpenStackSessions.class);
  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Config config;
  private final InCallRetry retry;

  public OpenStackSessions(Clock clock, Duration timeout) {
    this(clock, timeout, InCallRetry.DEFAULT);
  }

  /** {@code timeout}: connect and read timeout of each request; {@code retry}: how a transient fault is repeated. */
  public OpenStackSessions(Clock clock, Duration timeout, InCallRetry retry) {
    this.clock = clock;
    this.config = Config.newConfig().withConnectionTimeout((int) timeout.toMillis()).withReadTimeout((int) timeout.toMillis());
    this.retry = retry;
  }

  /**
   * Runs one OpenStack interaction: {@code action} must be safe to run twice (reads, a PUT that sets a state, a DELETE
   * whose 404 counts as done), because a transient fault — also one that hit after Neutron acted — runs it again. An
   * expired or revoked token is renewed once.
   *
   * @throws OpenStackTransientException when the fault persisted through the in-call retry
   * @throws OpenStackPermanentException for an answer no repetition changes (404, 403, 400, over quota, wrong
   *     credentials)
   */
  public <T> T call(ProjectAccess access, String what, Function<OSClientV3, T> action) {
    return retry.run("OpenStack: " + what, () -> callOnce(access, what, action), OpenStackSessions::worthRepeating);
  }

  private <T> T callOnce(ProjectAccess access, String what, Function<OSClientV3, T> action) {
    try {
      return translate(what, () -> action.apply(client(access)));
    } catch (TokenRejected rejected) {
      tokens.remove(access.tokenKey());
      return translate(what, () -> action.apply(client(access)));
    }
  }

  /**
   * A transient fault, but not a rejected fresh token (renewing it once did not help) and not a conflict with another
   * actor (e.g. OCCM attached a FIP to the target port): repeating the same request in a second cannot cure those; the
   * step's retry, which looks at the cloud again first, can.
   */
  static boolean worthRepeating(RuntimeException fault) {
    return fault instanceof OpenStackTransientException transientFault && transientFault.repeatable()
        && !(fault instanceof TokenRejected);
  }

  /** The project id the credentials are scoped to. */
  public String projectId(ProjectAccess access) {
    return authenticated(access).getProject().getId();
  }

  /** The cached token's id, for tests that revoke it behind the adapter's back; null when none is cached. */
  String cachedTokenId(ProjectAccess access) {
    Token token = tokens.get(access.tokenKey());
    return token == null ? null : token.getId();
  }

  public boolean catalogHas(ProjectAccess access, String serviceType) {
    return authenticated(access).getCatalog().stream().anyMatch(service -> serviceType.equals(service.getType()));
  }

  /** The cached token, or a new one; Keystone's transient faults are repeated as any other request's. */
  private Token authenticated(ProjectAccess access) {
    return retry.run("OpenStack: authenticate at " + access.authUrl(), () -> token(access), OpenStackSessions::worthRepeating);
  }

  private OSClientV3 client(ProjectAccess access) {
    OSClientV3 client = OSFactory.clientFromToken(token(access), facing(access), config);
    return access.region() == null ? client : client.useRegion(access.region());
  }

  private Token token(ProjectAccess access) {
    Token token = tokens.get(access.tokenKey());
    if (token == null || token.getExpires().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE_EXPIRY))) {
      token = translate("authenticate at " + access.authUrl(), () -> authenticate(access));
      tokens.put(access.tokenKey(), token);
      log.info("Authenticated {} (token valid until {})", access, token.getExpires().toInstant());
    }
    return token;
  }

  /**
   * POST /v3/auth/tokens, once. Keystone's 401 here means the credentials themselves are wrong (or the application
   * credential was deleted or expired): no retry cures that, so it is permanent and is not sent a second time.
   */
  private Token authenticate(ProjectAccess access) {
    var credentials = access.credentials();
    try {
      if (credentials.isApplicationCredential()) {
        return KeystoneExtensions.authenticateWithApplicationCredential(config, access.authUrl(),
            credentials.applicationCredentialId(), credentials.applicationCredentialSecret());
      }
      return KeystoneExtensions.authenticateWithPassword(config, access.authUrl(), credentials.username(), credentials.password(),
          credentials.domain(), credentials.projectId(), credentials.projectName());
    } catch (AuthenticationException refused) {
      throw new CredentialsRefused(access);
    } catch (ResponseException refused) {
      if (refused.getStatus() == 401) {
        throw new CredentialsRefused(access);
      }
      throw refused;
    }
  }

  private static Facing facing(ProjectAccess access) {
    return "internal".equalsIgnoreCase(access.endpointInterface()) ? Facing.INTERNAL
        : "admin".equalsIgnoreCase(access.endpointInterface()) ? Facing.ADMIN : Facing.PUBLIC;
  }

  private static <T> T translate(String what, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (AuthenticationException unauthorized) {
      throw new TokenRejected(what);
    } catch (ResponseException failure) {
      int status = failure.getStatus();
      if (status == 401 || openstack4jCouldNotReauthenticate(failure)) {
        throw new TokenRejected(what);
      }
      boolean overQuota = String.valueOf(failure.getMessage()).toLowerCase().contains("quota");
      boolean transientFault = !overQuota
          && (status >= 500 || status == 409 || status == 429 || failure instanceof ConnectionException);
      String message = "OpenStack: cannot " + what + ": HTTP " + status + " " + failure.getMessage() + ". "
          + whatToCheck(status, overQuota, transientFault);
      if (transientFault) {
        throw new OpenStackTransientException(message, failure, !conflictWithAnotherActor(status, failure.getMessage()));
      }
      throw new OpenStackPermanentException(message, failure);
    } catch (RuntimeException other) {
      if (other instanceof OpenStackTransientException || other instanceof OpenStackPermanentException
          || other instanceof TokenRejected) {
        throw other;
      }
      if (other.getCause() instanceof java.io.IOException io) {
        throw new OpenStackTransientException("OpenStack: cannot " + what + ": " + io.getMessage() + ". "
            + whatToCheck(0, false, true), other);
      }
      throw other;
    }
  }

  /** 409 FloatingIPPortAlreadyAssociated: the target port got another FIP; no busy object that frees itself soon. */
  private static boolean conflictWithAnotherActor(int status, String message) {
    return status == 409 && message != null
        && (message.contains("FloatingIPPortAlreadyAssociated") || message.contains("already has a floating IP"));
  }

  /**
   * On a 401 openstack4j tries to re-authenticate the thread's session by itself; a session built from a token (ours
   * always are) holds no credentials, so that fails inside its OSAuthenticator ("auth" is null) and surfaces as an
   * "HTTP 0" connection error. It means the same as a 401: the token was revoked or expired.
   */
  private static boolean openstack4jCouldNotReauthenticate(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      for (StackTraceElement frame : cause.getStackTrace()) {
        if (frame.getClassName().endsWith(".OSAuthenticator")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** The second half of an incident message in Cockpit: what a support engineer checks before retrying. */
  private static String whatToCheck(int status, boolean overQuota, boolean transientFault) {
    if (overQuota) {
      return "Check: the project's quota (raise it or free resources), then retry the incident";
    }
    if (status == 403) {
      return "Check: the roles of the cluster's OpenStack user or application credential (KKP Secret "
          + "credential-openstack-<cluster id>), then retry the incident";
    }
    if (status == 404) {
      return "Check: whether the object was deleted by hand in the meantime";
    }
    if (status == 409 || status == 429) {
      return "The object was busy or the API throttled; the step retries by itself — if it keeps failing, check the "
          + "object's state in the project";
    }
    return transientFault ? "Check: that the OpenStack API of the cluster's datacenter answers (Keystone, Neutron, "
        + "Octavia); the step retries by itself, an incident means it kept failing — retry it once the API answers"
        : "Check: the request against the OpenStack project by hand";
  }

  /** Keystone refused the credentials themselves (401 on POST /v3/auth/tokens); the message holds no secret. */
  static final class CredentialsRefused extends OpenStackPermanentException {
    CredentialsRefused(ProjectAccess access) {
      super("OpenStack: Keystone at " + access.authUrl() + " refused the credentials " + describe(access)
          + " (HTTP 401). Check: the KKP Secret credential-openstack-<cluster id> in namespace kubermatic ("
          + (access.credentials().isApplicationCredential()
              ? "applicationCredentialID and applicationCredentialSecret; the application credential may have been "
                  + "deleted or have expired"
              : "username, password, domain and project")
          + "), then retry the incident");
    }

    private static String describe(ProjectAccess access) {
      var credentials = access.credentials();
      return credentials.isApplicationCredential() ? "of application credential " + credentials.applicationCredentialId()
          : "of user " + credentials.domain() + "/" + credentials.username();
    }
  }

  /** 401 on a call: the cached token expired or was revoked; renew it once. */
  private static final class TokenRejected extends OpenStackTransientException {
    TokenRejected(String what) {
      super("OpenStack: cannot " + what + ": the token was rejected (expired or revoked)");
    }
  }
}
