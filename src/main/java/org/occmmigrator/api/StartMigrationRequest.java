package org.occmmigrator.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.occmmigrator.process.Handover;

/**
 * Starts a migration. With {@code confirmed: true} the confirmation task is skipped (the trigger is
 * irreversible: only send it after the plan was reviewed); {@code handovers} chooses per public Service
 * ("namespace/name") DNS, MOVE_FIP or PIN_FIP; Services not named are handed over by DNS. A property not
 * listed here, {@code confirmed} other than true/false, or a handover of null is refused (400).
 */
record StartMigrationRequest(
    @NotBlank @Size(max = 63) @Pattern(regexp = Ids.CLUSTER_ID, message = Ids.CLUSTER_ID_MESSAGE) String clusterId,
    Boolean confirmed,
    @Size(max = 500) Map<@Pattern(regexp = Ids.SERVICE, message = "must be namespace/name") String,
        @NotNull(message = "must be DNS, MOVE_FIP or PIN_FIP") Handover> handovers) {}
