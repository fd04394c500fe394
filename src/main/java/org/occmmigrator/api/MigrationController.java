package org.occmmigrator.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.occmmigrator.process.MigrationReports;
import org.occmmigrator.system.AuditLog;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/migrations")
@Tag(name = "Migrations", description = "Start migrations and follow them")
class MigrationController {

  private final Migrations migrations;
  private final MigrationReports reports;
  private final AuditLog auditLog;

  MigrationController(Migrations migrations, MigrationReports reports, AuditLog auditLog) {
    this.migrations = migrations;
    this.reports = reports;
    this.auditLog = auditLog;
  }

  @PostMapping
  @Operation(summary = "Start the migration of a cluster",
      description = "404 unknown cluster, 409 a migration of the cluster is running, 422 not eligible (with reasons), 403 not an operator")
  ResponseEntity<MigrationView> start(@Valid @RequestBody StartMigrationRequest request) {
    MigrationView started = migrations.start(request);
    return ResponseEntity.created(URI.create("/api/migrations/" + started.id())).body(started);
  }

  @GetMapping
  @Operation(summary = "List migrations, newest first", description = "Filter by cluster and by running (true) or ended (false)")
  List<MigrationView> list(
      @RequestParam(required = false) @Pattern(regexp = Ids.CLUSTER_ID, message = Ids.CLUSTER_ID_MESSAGE) String clusterId,
      @RequestParam(required = false) Boolean running,
      @RequestParam(defaultValue = "0") @Min(0) @Max(Ids.MAX_PAGE) int page, @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return migrations.list(clusterId, running, page, size);
  }

  @GetMapping("/{id}/report")
  @Operation(summary = "The report: per service its handover, old and new IP, FIP downtime; when each step ran",
      description = "Complete once the migration has ended; while it runs, what happened so far")
  MigrationReports.Report report(@PathVariable @Pattern(regexp = Ids.MIGRATION_ID, message = Ids.MIGRATION_ID_MESSAGE) String id) {
    migrations.get(id); // 404 for unknown ids, and the caller's read permission
    return reports.report(id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One migration: state, current steps, open tasks, incidents, handovers, links")
  MigrationView get(@PathVariable @Pattern(regexp = Ids.MIGRATION_ID, message = Ids.MIGRATION_ID_MESSAGE) String id) {
    return migrations.get(id);
  }

  @GetMapping("/{id}/audit")
  @Operation(summary = "Who did what to this migration: its start, every task answer with its values, other changes,"
      + " and every refused attempt, oldest first", description = "Readable by everyone who may read the migration")
  List<AuditLog.Entry> audit(@PathVariable @Pattern(regexp = Ids.MIGRATION_ID, message = Ids.MIGRATION_ID_MESSAGE) String id) {
    migrations.get(id); // 404 for unknown ids, and the caller's read permission
    return auditLog.ofMigration(id);
  }
}
