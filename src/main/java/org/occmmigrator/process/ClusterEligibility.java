package org.occmmigrator.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.occmmigrator.platform.Health;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.KkpCluster.MigrationState;
import org.occmmigrator.platform.PlatformSettings;
import org.springframework.stereotype.Component;

/** What the platform says about whether a cluster may be migrated (DOMAIN.md §2, eligibility). */
@Component
public class ClusterEligibility {

  private final PlatformSettings settings;

  public ClusterEligibility(PlatformSettings settings) {
    this.settings = settings;
  }

  /** Reasons the cluster cannot be migrated; empty when it can. */
  public List<String> reasonsAgainst(KkpCluster cluster) {
    List<String> reasons = new ArrayList<>();
    var status = cluster.migrationStatus();
    if (status.state() != MigrationState.NOT_STARTED) {
      reasons.add(switch (status.state()) {
        case UNSUPPORTED -> status.reason();
        case IN_PROGRESS -> "the external cloud provider is already enabled (" + status.reason() + ")";
        default -> "the cluster already runs on the external cloud provider";
      });
      return reasons;
    }
    PlatformSettings.Datacenter datacenter = settings.datacenters().get(cluster.datacenter());
    if (datacenter != null && datacenter.openTelekomCloud()) {
      reasons.add("datacenter " + cluster.datacenter() + " is Open Telekom Cloud, where this migration does not apply");
    }
    if (!cluster.versionBelow(settings.kubernetesCutoffVersion())) {
      reasons.add("Kubernetes " + cluster.version() + " is not below the cut-off " + settings.kubernetesCutoffVersion());
    }
    if (!cluster.allHealthy()) {
      Map<String, Health> unhealthy = cluster.health().entrySet().stream().filter(e -> e.getValue() != Health.UP)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      reasons.add(unhealthy.isEmpty() ? "the control plane reports no health"
          : "the control plane is not healthy: " + unhealthy);
    }
    return reasons;
  }
}
