package org.occmmigrator.process;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.validation.RefusedInputException;
import org.occmmigrator.process.validation.StartAnswerValidator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What must hold before a migration of a cluster starts, read from the seed before anything is created:
 * the API answers a refusal with its HTTP error, the process's start event (a start from Tasklist's form
 * or the engine REST API) refuses to create the instance. The cloud-side checks follow in the process.
 * A migration counts as running for its cluster whatever its business key (the cluster id variable decides);
 * {@link RunningMigrationLocks} makes that hold for starts at the same moment too.
 */
@Component
public class MigrationStartCheck {

  public enum Kind {
    INVALID_CLUSTER_ID, UNKNOWN_CLUSTER, ALREADY_RUNNING, NOT_ELIGIBLE;

    /** The process's refusal kind. */
    public RefusedInputException.Kind refusalKind() {
      return switch (this) {
        case INVALID_CLUSTER_ID -> RefusedInputException.Kind.INVALID_INPUT;
        case UNKNOWN_CLUSTER -> RefusedInputException.Kind.UNKNOWN_CLUSTER;
        case ALREADY_RUNNING -> RefusedInputException.Kind.MIGRATION_RUNNING;
        case NOT_ELIGIBLE -> RefusedInputException.Kind.NOT_ELIGIBLE;
      };
    }
  }

  /** Why a migration may not start; {@code detail} is the sentence shown to the engineer. */
  public record Refusal(Kind kind, String detail, List<String> reasons) {

    public RefusedInputException toException() {
      return RefusedInputException.refuse(kind.refusalKind(), detail, reasons);
    }
  }

  private final ObjectProvider<SeedCluster> seed;
  private final ClusterEligibility eligibility;
  private final RuntimeService runtimeService;

  MigrationStartCheck(ObjectProvider<SeedCluster> seed, ClusterEligibility eligibility, RuntimeService runtimeService) {
    this.seed = seed;
    this.eligibility = eligibility;
    this.runtimeService = runtimeService;
  }

  public Optional<Refusal> refusal(String clusterId) {
    if (!StartAnswerValidator.isClusterId(clusterId)) {
      return Optional.of(new Refusal(Kind.INVALID_CLUSTER_ID, "'" + shorten(clusterId) + "' is no KKP cluster id "
          + "(lower-case letters, digits and dashes, at most 63 characters).", List.of()));
    }
    Optional<KkpCluster> cluster = seed.getObject().findCluster(clusterId);
    if (cluster.isEmpty()) {
      return Optional.of(new Refusal(Kind.UNKNOWN_CLUSTER, "Cluster '" + clusterId + "' does not exist on the seed.", List.of()));
    }
    Optional<String> running = running(clusterId);
    if (running.isPresent()) {
      return Optional.of(alreadyRunning(clusterId, running.get()));
    }
    List<String> reasons = eligibility.reasonsAgainst(cluster.get());
    if (!reasons.isEmpty()) {
      return Optional.of(new Refusal(Kind.NOT_ELIGIBLE,
          "Cluster '" + clusterId + "' cannot be migrated: " + String.join("; ", reasons), reasons));
    }
    return Optional.empty();
  }

  /** The id of a running migration of the cluster, found by business key or by its cluster id variable. */
  public Optional<String> running(String clusterId) {
    List<ProcessInstance> byKey = runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .processInstanceBusinessKey(clusterId).listPage(0, 1);
    if (!byKey.isEmpty()) {
      return Optional.of(byKey.get(0).getId());
    }
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .variableValueEquals(Variable.CLUSTER_ID, clusterId).listPage(0, 1).stream().map(ProcessInstance::getId).findFirst();
  }

  public static Refusal alreadyRunning(String clusterId, String processInstanceId) {
    return new Refusal(Kind.ALREADY_RUNNING,
        "A migration of cluster '" + clusterId + "' is already running: " + processInstanceId, List.of());
  }

  private static String shorten(String text) {
    return text == null ? "" : text.length() <= 70 ? text : text.substring(0, 70) + "…";
  }
}
