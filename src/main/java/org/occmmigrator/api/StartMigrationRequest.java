package org.occmmigrator.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.occmmigrator.process.Handover;

/**
 * Starts a migration. With {@code confirmed: true} the confirmation task is skipped (the trigger is
 * irreversible: only send it after the plan was reviewed); {@code handovers} chooses per public Service
 * ("namespace/name") DNS, MOVE_FIP or PIN_FIP; Services not named are handed over by DNS.
 */
record StartMigrationRequest(
    @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be a KKP cluster id") String clusterId,
    Boolean confirmed,
    Map<@Pattern(regexp = "[a-z0-9-]+/[a-z0-9.-]+", message = "must be namespace/name") String, Handover> handovers) {}
