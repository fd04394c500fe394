package org.occmmigrator.process;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.SeedCluster;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What must hold before a migration of a cluster starts, read from the seed before anything is created:
 * the API answers a refusal with its HTTP error, the process's start event (a start from Tasklist's form
 * or the engine REST API) refuses to create the instance. The cloud-side checks follow in the process.
 */
@Component
public class MigrationStartCheck {

  public enum Kind { UNKNOWN_CLUSTER, ALREADY_RUNNING, NOT_ELIGIBLE }

  /** Why a migration may not start; {@code detail} is the sentence shown to the engineer. */
  public record Refusal(Kind kind, String detail, List<String> reasons) {}

  private final ObjectProvider<SeedCluster> seed;
  private final ClusterEligibility eligibility;
  private final RuntimeService runtimeService;

  MigrationStartCheck(ObjectProvider<SeedCluster> seed, ClusterEligibility eligibility, RuntimeService runtimeService) {
    this.seed = seed;
    this.eligibility = eligibility;
    this.runtimeService = runtimeService;
  }

  public Optional<Refusal> refusal(String clusterId) {
    Optional<KkpCluster> cluster = clusterId == null ? Optional.empty() : seed.getObject().findCluster(clusterId);
    if (cluster.isEmpty()) {
      return Optional.of(new Refusal(Kind.UNKNOWN_CLUSTER, "Cluster '" + clusterId + "' does not exist on the seed.", List.of()));
    }
    var running = runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .processInstanceBusinessKey(clusterId).list();
    if (!running.isEmpty()) {
      return Optional.of(new Refusal(Kind.ALREADY_RUNNING,
          "A migration of cluster '" + clusterId + "' is already running: " + running.get(0).getId(), List.of()));
    }
    List<String> reasons = eligibility.reasonsAgainst(cluster.get());
    if (!reasons.isEmpty()) {
      return Optional.of(new Refusal(Kind.NOT_ELIGIBLE,
          "Cluster '" + clusterId + "' cannot be migrated: " + String.join("; ", reasons), reasons));
    }
    return Optional.empty();
  }
}
