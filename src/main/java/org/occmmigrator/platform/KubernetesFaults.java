package org.occmmigrator.platform;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns fabric8's exceptions into ours: retry on unreachable, 5xx, 409 and 429; not on 4xx. */
final class KubernetesFaults {

  private KubernetesFaults() {}

  /**
   * fabric8 retries a failing request ten times with back-off by default (about 20 s against a seed that
   * answers 503). The process retries steps itself, visibly in Cockpit, and the API must answer quickly:
   * a client retries twice (0.1 s, 0.2 s) and then reports.
   */
  static Config withFewRetries(Config config) {
    config.setRequestRetryBackoffLimit(2);
    return config;
  }

  static <T> T call(String what, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (KubernetesClientException failure) {
      throw translate("Cannot " + what, failure);
    }
  }

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
