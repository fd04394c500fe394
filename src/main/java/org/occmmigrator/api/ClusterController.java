package org.occmmigrator.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Comparator;
import java.util.List;
import org.occmmigrator.platform.KkpCluster;
import org.occmmigrator.platform.KkpCluster.MigrationState;
import org.occmmigrator.platform.PlatformSettings;
import org.occmmigrator.platform.SeedCluster;
import org.occmmigrator.process.ClusterEligibility;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationPlanning;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/clusters")
@Tag(name = "Clusters", description = "The platform's clusters and what their migration would do")
class ClusterController {

  /** A cluster and where it stands against the cut-off. */
  record ClusterSummary(String id, String kubernetesVersion, String provider, String datacenter, MigrationState migrationState,
      String migrationStateReason, List<String> reasonsAgainstMigration) {}

  /** A dry run: the plan the migration would follow, or why it cannot start. Nothing is changed. */
  record PlanView(String clusterId, MigrationPlan plan, List<String> reasonsAgainstMigration) {}

  private final ObjectProvider<SeedCluster> seed;
  private final ClusterEligibility eligibility;
  private final MigrationPlanning planning;
  private final PlatformSettings settings;

  ClusterController(ObjectProvider<SeedCluster> seed, ClusterEligibility eligibility, MigrationPlanning planning,
      PlatformSettings settings) {
    this.seed = seed;
    this.eligibility = eligibility;
    this.planning = planning;
    this.settings = settings;
  }

  @GetMapping
  @Operation(summary = "All clusters with their migration state, most urgent first",
      description = "In-tree clusters that can migrate come first, the newest Kubernetes version (closest to the cut-off) "
          + "first; then in-tree clusters that cannot, then migrations in progress, done, unsupported")
  List<ClusterSummary> clusters(@RequestParam(defaultValue = "0") @Min(0) @Max(Ids.MAX_PAGE) int page,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
    return seed.getObject().clusters().stream().map(this::summary).sorted(URGENCY)
        .skip((long) page * size).limit(size).toList();
  }

  @GetMapping("/{id}/plan")
  @Operation(summary = "Dry run: what a migration of this cluster would do (reads the cloud, changes nothing)")
  PlanView plan(@PathVariable @Pattern(regexp = Ids.CLUSTER_ID, message = Ids.CLUSTER_ID_MESSAGE) String id) {
    if (seed.getObject().findCluster(id).isEmpty()) {
      throw ApiProblem.clusterNotFound(id);
    }
    MigrationPlanning.Result result = planning.plan(id, null);
    return new PlanView(id, result.plan(), result.reasonsAgainst());
  }

  private ClusterSummary summary(KkpCluster cluster) {
    var status = cluster.migrationStatus();
    return new ClusterSummary(cluster.id(), cluster.version(), cluster.provider(), cluster.datacenter(), status.state(),
        status.reason(), eligibility.reasonsAgainst(cluster));
  }

  private static final Comparator<ClusterSummary> URGENCY = Comparator
      .comparingInt((ClusterSummary c) -> switch (c.migrationState()) {
        case NOT_STARTED -> c.reasonsAgainstMigration().isEmpty() ? 0 : 1;
        case IN_PROGRESS -> 2;
        case DONE -> 3;
        case UNSUPPORTED -> 4;
      })
      .thenComparing(ClusterSummary::kubernetesVersion, Comparator.comparing(ClusterController::versionKey).reversed())
      .thenComparing(ClusterSummary::id);

  private static String versionKey(String version) {
    String[] parts = version.replaceFirst("^v", "").split("\\.");
    StringBuilder key = new StringBuilder();
    for (String part : parts) {
      key.append(String.format("%05d", part.matches("\\d+") ? Integer.parseInt(part) : 0));
    }
    return key.toString();
  }
}
