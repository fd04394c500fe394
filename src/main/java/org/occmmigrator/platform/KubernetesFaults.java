package org.occmmigrator.platform;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.occmmigrator.system.InCallRetry;

/**
 * Turns fabric8's exceptions into ours (transient: unreachable, timed out, 5xx, 409, 429; permanent: other 4xx) and
 * repeats a transient one a few times inside the call ({@link InCallRetry}).
 */
final class KubernetesFaults {

  /** fabric8's default. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private KubernetesFaults() {}

  /**
   * fabric8 retries a failing request ten times with back-off by default (about 20 s against a seed that answers 503),
   * any method, POST included, and not on 409 or a timeout. Its retry is off: {@link #call} repeats what is safe to
   * repeat instead, a few times, bounded in time. {@code requestTimeout}: how long one request may take before it
   * counts as lost and is repeated (fabric8's default is 10 s).
   */
  static Config configured(Config config, Duration requestTimeout) {
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) requestTimeout.toMillis());
    return config;
  }

  /**
   * One Kubernetes request (a GET, a list or a JSON merge patch: the adapters make no other), repeated on a transient
   * fault. Safe because every such request reads or sets a target state: a merge patch applied twice, e.g. after its
   * answer was lost, leaves the object as once.
   *
   * @throws PlatformException with what to check, transient or not
   */
  static <T> T call(String what, Supplier<T> action) {
    return RETRY.run(what, () -> {
      try {
        return action.get();
      } catch (KubernetesClientException failure) {
        throw translate("Cannot " + what, failure);
      }
    }, fault -> fault instanceof PlatformException platform && platform.isTransient());
  }

  private static final InCallRetry RETRY = InCallRetry.DEFAULT;

  static PlatformException translate(String what, KubernetesClientException failure) {
    int code = failure.getCode();
    boolean transientFault = code <= 0 || code >= 500 || code == 409 || code == 429;
    String reason = code <= 0 ? "API server unreachable (" + failure.getMessage() + ")"
        : "HTTP " + code + (failure.getStatus() != null && failure.getStatus().getMessage() != null
            ? ": " + failure.getStatus().getMessage() : "");
    return new PlatformException(what + ": " + reason + ". " + whatToCheck(code), transientFault, failure);
  }

  /** The second half of an incident message in Cockpit: what a support engineer checks before retrying. */
  private static String whatToCheck(int code) {
    if (code == 401 || code == 403) {
      return "Check: occm-migrator's kubeconfig for the seed and its RBAC permissions (or the cluster's "
          + "admin-kubeconfig Secret), then retry the incident";
    }
    if (code == 404) {
      return "Check: whether the object was deleted in the meantime";
    }
    if (code == 409 || code == 429) {
      return "The object was busy or the API server throttled; the step retries by itself";
    }
    if (code <= 0 || code >= 500) {
      return "Check: that the API server answers (seed or user cluster control plane); the step retries by itself, "
          + "an incident means it kept failing — retry it once the API server answers";
    }
    return "Check: the request against the cluster by hand";
  }
}
