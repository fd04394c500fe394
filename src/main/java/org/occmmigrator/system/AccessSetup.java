package org.occmmigrator.system;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.occmmigrator.process.MigrationProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the two groups of the product and their Camunda authorizations, on every start and on every
 * node; a grant holds exactly the permissions listed here (one granted by an older version and no longer
 * listed is taken back). Safe to run concurrently on several cluster nodes.
 *
 * <p>Operators: start the migration, read it, read, claim and complete its tasks, retry its failed jobs
 * ({@code RETRY_JOB}) — no {@code UPDATE_INSTANCE} (variables, modification, job execution and due dates,
 * suspension, messages) and no {@code UPDATE_TASK} (task variables, due dates). Where an authorization cannot
 * say it (task variables through {@code TASK_WORK}, start instructions, answers' fields), the {@link EngineGate}
 * refuses. Viewers read.
 */
@Component
@Order(1)
class AccessSetup implements ApplicationRunner {

  static final String OPERATORS = "migration-operators";
  static final String VIEWERS = "migration-viewers";

  private static final Logger log = LoggerFactory.getLogger(AccessSetup.class);

  private record Grant(Resource resource, String resourceId, Permission... permissions) {}

  private static final Map<String, String> GROUP_NAMES = Map.of(
      OPERATORS, "Migration operators (start migrations, work on tasks)",
      VIEWERS, "Migration viewers (read only)");

  private static final Map<String, List<Grant>> GRANTS = Map.of(
      OPERATORS, List.of(
          new Grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS),
          new Grant(Resources.APPLICATION, "cockpit", Permissions.ACCESS),
          new Grant(Resources.PROCESS_DEFINITION, MigrationProcess.KEY,
              ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE,
              ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
              ProcessDefinitionPermissions.TASK_WORK, ProcessDefinitionPermissions.TASK_ASSIGN,
              ProcessDefinitionPermissions.RETRY_JOB, ProcessDefinitionPermissions.READ_HISTORY),
          new Grant(Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE),
          new Grant(Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ),
          new Grant(Resources.FILTER, Authorization.ANY, Permissions.READ)),
      VIEWERS, List.of(
          new Grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS),
          new Grant(Resources.APPLICATION, "cockpit", Permissions.ACCESS),
          new Grant(Resources.PROCESS_DEFINITION, MigrationProcess.KEY,
              ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
              ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_HISTORY),
          new Grant(Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ),
          new Grant(Resources.FILTER, Authorization.ANY, Permissions.READ)));

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;

  AccessSetup(IdentityService identityService, AuthorizationService authorizationService) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
  }

  @Override
  public void run(ApplicationArguments args) {
    GROUP_NAMES.forEach(this::ensureGroup);
    GRANTS.forEach((group, grants) -> grants.forEach(grant -> ensureGrant(group, grant)));
  }

  private void ensureGroup(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() > 0) {
      return;
    }
    var group = identityService.newGroup(id);
    group.setName(name);
    group.setType("WORKFLOW");
    try {
      identityService.saveGroup(group);
      log.info("Created group {}", id);
    } catch (RuntimeException concurrentCreate) {
      // another node created it at the same moment
      if (identityService.createGroupQuery().groupId(id).count() == 0) {
        throw concurrentCreate;
      }
    }
  }

  private static Permission[] permissionsOf(Resource resource) {
    if (resource.resourceType() == Resources.PROCESS_DEFINITION.resourceType()) {
      return ProcessDefinitionPermissions.values();
    }
    if (resource.resourceType() == Resources.PROCESS_INSTANCE.resourceType()) {
      return ProcessInstancePermissions.values();
    }
    return Permissions.values();
  }

  private void ensureGrant(String group, Grant grant) {
    Authorization existing = authorizationService.createAuthorizationQuery()
        .groupIdIn(group).resourceType(grant.resource()).resourceId(grant.resourceId())
        .authorizationType(AUTH_TYPE_GRANT).singleResult();
    Authorization authorization = existing;
    if (authorization == null) {
      authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(group);
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    }
    boolean changed = existing == null;
    for (Permission permission : grant.permissions()) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    List<Permission> listed = List.of(grant.permissions());
    for (Permission granted : authorization.getPermissions(permissionsOf(grant.resource()))) {
      if (granted.getValue() != 0 && granted.getValue() != Integer.MAX_VALUE && !listed.contains(granted)) {
        authorization.removePermission(granted);
        changed = true;
      }
    }
    if (!changed) {
      return;
    }
    try {
      authorizationService.saveAuthorization(authorization);
    } catch (RuntimeException concurrentCreate) {
      log.info("Authorization for {} on {} {} was created concurrently: {}", group,
          grant.resource().resourceName(), grant.resourceId(), concurrentCreate.getMessage());
    }
  }
}
