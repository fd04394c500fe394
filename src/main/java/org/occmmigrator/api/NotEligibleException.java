package org.occmmigrator.api;

import java.util.List;

/** The cluster exists but cannot be migrated; the reasons say why. */
class NotEligibleException extends RuntimeException {

  private final String clusterId;
  private final List<String> reasons;

  NotEligibleException(String clusterId, List<String> reasons) {
    super("Cluster " + clusterId + " is not eligible: " + reasons);
    this.clusterId = clusterId;
    this.reasons = reasons;
  }

  String clusterId() {
    return clusterId;
  }

  List<String> reasons() {
    return reasons;
  }
}
