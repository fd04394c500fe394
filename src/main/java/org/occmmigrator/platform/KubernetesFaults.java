package org.occmmigrator.platform;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns fabric8's exceptions into ours: retry on unreachable, 5xx, 409 and 429; not on 4xx. */
final class KubernetesFaults {

  private KubernetesFaults() {}

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
    return new PlatformException(what + ": " + reason, transientFault, failure);
  }
}
