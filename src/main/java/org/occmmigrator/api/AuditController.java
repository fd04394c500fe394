package org.occmmigrator.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.system.AuditLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit", description = "Who started, answered, changed or tried to change what")
class AuditController {

  private final AuditLog auditLog;
  private final IdentityService identityService;
  private final AuthorizationService authorizationService;

  AuditController(AuditLog auditLog, IdentityService identityService, AuthorizationService authorizationService) {
    this.auditLog = auditLog;
    this.identityService = identityService;
    this.authorizationService = authorizationService;
  }

  @GetMapping
  @Operation(summary = "Every audit entry, newest first: starts, task answers with their values, changes, refused attempts",
      description = "For users who may read the migrations' history (viewers, operators, admins); 403 otherwise")
  List<AuditLog.Entry> entries(@RequestParam(defaultValue = "0") @Min(0) @Max(Ids.MAX_PAGE) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    var user = identityService.getCurrentAuthentication();
    if (user != null && !authorizationService.isUserAuthorized(user.getUserId(), user.getGroupIds(),
        ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, MigrationProcess.KEY)) {
      throw new AuthorizationException(user.getUserId(), ProcessDefinitionPermissions.READ_HISTORY.getName(),
          Resources.PROCESS_DEFINITION.resourceName(), MigrationProcess.KEY);
    }
    return auditLog.latest(page, size);
  }
}
