package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.Variables.SerializationDataFormats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.occmmigrator.testsupport.ApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApiSecurityTest {


  @LocalServerPort int port;
  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired AuthorizationService authorizationService;
  @Autowired AccessSetup accessSetup;


  /** A process both groups may see but, unlike the migration process, nobody but the admin may start. */
  @Autowired ProcessEngine processEngine;

  @BeforeEach
  void serveThisContextsEngine() {
    // the engine REST API finds its engine in Camunda's static registry, where the context started last wins
    ProcessEngines.registerProcessEngine(processEngine);
  }

  @BeforeEach
  void deployTestProcess() {
    repositoryService.createDeployment().enableDuplicateFiltering(true)
        .addClasspathResource("clustering/waiting.bpmn").deploy();
    for (String group : List.of(AccessSetup.OPERATORS, AccessSetup.VIEWERS)) {
      if (authorizationService.createAuthorizationQuery().groupIdIn(group).resourceId("waiting").count() == 0) {
        var read = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        read.setGroupId(group);
        read.setResource(Resources.PROCESS_DEFINITION);
        read.setResourceId("waiting");
        read.addPermission(Permissions.READ);
        authorizationService.saveAuthorization(read);
      }
    }
  }

  @Test
  void engineRestRefusesRequestsWithoutCredentials() throws Exception {
    HttpResponse<String> response = get("/engine-rest/engine", null, null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
  }

  @Test
  void engineRestRefusesAWrongPassword() throws Exception {
    assertThat(get("/engine-rest/engine", "support", "wrong-Password-1").statusCode()).isEqualTo(401);
  }

  @Test
  void engineRestAnswersTheDemoOperator() throws Exception {
    HttpResponse<String> response = get("/engine-rest/engine", "support", ApiClient.DEMO_PASSWORD);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("default");
  }

  @Test
  void migrationApiRequiresCredentials() throws Exception {
    assertThat(get("/api/migrations", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void viewerCannotStartAProcess() throws Exception {
    long before = runtimeService.createProcessInstanceQuery().processDefinitionKey("waiting").count();
    HttpResponse<String> response = post("/engine-rest/process-definition/key/waiting/start", "viewer", "{}");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("waiting").count()).isEqualTo(before);
  }

  @Test
  void operatorCannotStartProcessesOtherThanTheMigration() throws Exception {
    HttpResponse<String> response = post("/engine-rest/process-definition/key/waiting/start", "support", "{}");
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void adminCanStartAProcess() throws Exception {
    HttpResponse<String> response = post("/engine-rest/process-definition/key/waiting/start", "admin", "{}");
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void accessSetupAddsNothingWhenRunAgain() throws Exception {
    accessSetup.run(null);
    long before = authorizationService.createAuthorizationQuery().count();
    accessSetup.run(null);
    assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(before);
    assertThat(authorizationService.createAuthorizationQuery().groupIdIn(AccessSetup.OPERATORS).count()).isPositive();
    assertThat(authorizationService.createAuthorizationQuery().groupIdIn(AccessSetup.VIEWERS).count()).isPositive();
  }

  @Test
  void healthProbesAreUpWithoutCredentials() throws Exception {
    assertThat(get("/actuator/health/liveness", null, null).body()).contains("\"UP\"");
    assertThat(get("/actuator/health/readiness", null, null).body()).contains("\"UP\"");
    assertThat(get("/actuator/prometheus", null, null).body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void noScriptingLanguageIsAvailable() {
    // FEEL and JUEL (expression languages of the engine) register as script engines; nothing that runs code.
    assertThat(new ScriptEngineManager().getEngineFactories())
        .flatMap(factory -> factory.getNames())
        .isNotEmpty()
        .noneMatch(name -> name.matches("(?i).*(javascript|ecmascript|graal|nashorn|js|groovy|python|ruby).*"));
  }

  @Test
  void javaSerializedVariablesAreRefused() {
    String id = runtimeService.startProcessInstanceByKey("waiting").getId();
    var javaObject = Variables.serializedObjectValue("rO0ABXQABGV2aWw=")
        .serializationDataFormat(SerializationDataFormats.JAVA).objectTypeName("java.lang.String").create();
    assertThatThrownBy(() -> runtimeService.setVariable(id, "payload", javaObject))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("serialization");
  }

  @Test
  void accessSetupTakesBackPermissionsAnOlderVersionGranted() throws Exception {
    Authorization operators = authorizationService.createAuthorizationQuery().groupIdIn(AccessSetup.OPERATORS)
        .resourceType(Resources.PROCESS_DEFINITION).resourceId("occm-migration").singleResult();
    operators.addPermission(ProcessDefinitionPermissions.UPDATE_INSTANCE);
    operators.addPermission(ProcessDefinitionPermissions.UPDATE_TASK);
    authorizationService.saveAuthorization(operators);
    accessSetup.run(null);
    Authorization now = authorizationService.createAuthorizationQuery().groupIdIn(AccessSetup.OPERATORS)
        .resourceType(Resources.PROCESS_DEFINITION).resourceId("occm-migration").singleResult();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_INSTANCE)).isFalse();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_TASK)).isFalse();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.RETRY_JOB)).isTrue();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.TASK_WORK)).isTrue();
  }

  @Test
  void jsonVariablesCannotNameJavaClassesToDeserialize() {
    String id = runtimeService.startProcessInstanceByKey("waiting").getId();
    var file = Variables.serializedObjectValue("\"/etc/passwd\"").serializationDataFormat("application/json")
        .objectTypeName("java.io.File").create();
    runtimeService.setVariable(id, "payload", file);
    assertThatThrownBy(() -> runtimeService.getVariable(id, "payload"))
        .isInstanceOf(ProcessEngineException.class)
        .hasStackTraceContaining("not whitelisted for deserialization: [java.io.File]");
  }

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    return ApiClient.get(port, user, password, path);
  }

  private HttpResponse<String> post(String path, String user, String json) throws Exception {
    return ApiClient.post(port, user, path, json);
  }
}
