package org.occmmigrator.process.delegates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.occmmigrator.process.MigrationProcess.Element.*;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.occmmigrator.process.CleanupSteps;
import org.occmmigrator.process.ControlPlaneSteps;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.LoadBalancerSteps;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.MigrationReports;
import org.occmmigrator.process.MigrationStartCheck;
import org.occmmigrator.process.MigrationTimers;
import org.occmmigrator.process.RotationSteps;
import org.occmmigrator.process.ServiceDetails;
import org.occmmigrator.process.VolumeSteps;

/**
 * The model with its real delegates and task listeners; only the step services (which talk to the clouds) are mocks.
 * Proves the glue: what each delegate reads and writes is what the next element and the forms expect.
 */
@Deployment(resources = "bpmn/occm-migration.bpmn")
class MigrationWithRealDelegatesTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder("process-test-engine.cfg.xml")
      .build();

  private static final String CLUSTER = "berlin-shop";

  ProcessEngine processEngine;

  private final MigrationPlanning planning = mock(MigrationPlanning.class);
  private final ControlPlaneSteps controlPlane = mock(ControlPlaneSteps.class);
  private final VolumeSteps volumes = mock(VolumeSteps.class);
  private final LoadBalancerSteps loadBalancers = mock(LoadBalancerSteps.class);
  private final HandoverSteps handover = mock(HandoverSteps.class);
  private final RotationSteps rotation = mock(RotationSteps.class);
  private final CleanupSteps cleanup = mock(CleanupSteps.class);
  private final MigrationReports reports = mock(MigrationReports.class);
  private final MigrationStartCheck startCheck = mock(MigrationStartCheck.class);

  private final MigrationPlan plan = new MigrationPlan(CLUSTER, "1.21.14", List.of(CLUSTER), List.of(
      service("shop/frontend", false), service("shop/api", false), service("shop/queue", true)),
      1, List.of("workers"), 10, 10, List.of());

  @BeforeEach
  void wireTheRealDelegates() {
    Clock clock = Clock.systemUTC();
    var runtime = processEngine.getRuntimeService();
    Map<String, Object> beans = new LinkedHashMap<>();
    var locks = mock(org.occmmigrator.process.RunningMigrationLocks.class);
    when(locks.holder(CLUSTER)).thenReturn(Optional.empty());
    when(locks.tryLock(eq(CLUSTER), anyString())).thenReturn(true);
    beans.put("startRequestListener", new StartRequestListener(startCheck, locks, runtime));
    beans.put("runningMigrationLocks", locks);
    beans.put("taskAnswerListener", new org.occmmigrator.process.validation.TaskAnswerListener());
    beans.put("checkEligibilityDelegate", new CheckEligibilityDelegate(planning, runtime));
    beans.put("confirmationChoicesListener", new ConfirmationChoicesListener());
    beans.put("pinFloatingIpsDelegate", new PinFloatingIpsDelegate(handover));
    beans.put("verifyPlanDelegate", new VerifyPlanDelegate(planning, controlPlane));
    beans.put("enableExternalCloudProviderDelegate", new EnableExternalCloudProviderDelegate(controlPlane, clock));
    beans.put("checkControlPlaneDelegate", new CheckControlPlaneDelegate(controlPlane));
    beans.put("verifyVolumesDelegate", new VerifyVolumesDelegate(volumes));
    beans.put("checkLoadBalancersDelegate", new CheckLoadBalancersDelegate(loadBalancers));
    beans.put("handoverChoiceListener", new HandoverChoiceListener(clock));
    beans.put("checkDnsRecordDelegate", new CheckDnsRecordDelegate(handover, clock, java.time.Duration.ofMinutes(10)));
    beans.put("moveFloatingIpDelegate", new MoveFloatingIpDelegate(handover));
    beans.put("probeFloatingIpDelegate", new ProbeFloatingIpDelegate(handover));
    beans.put("moveFloatingIpBackDelegate", new MoveFloatingIpBackDelegate(handover));
    beans.put("verifyHandoverCompleteDelegate", new VerifyHandoverCompleteDelegate(handover));
    beans.put("rotateMachineDeploymentsDelegate", new RotateMachineDeploymentsDelegate(rotation, clock));
    beans.put("checkFinalRolloutDelegate", new CheckFinalRolloutDelegate(controlPlane));
    beans.put("cleanupChoiceListener", new CleanupChoiceListener());
    beans.put("deleteOldLoadBalancersDelegate", new DeleteOldLoadBalancersDelegate(cleanup));
    beans.put("verifyOldLoadBalancersGoneDelegate", new VerifyOldLoadBalancersGoneDelegate(cleanup));
    beans.put("writeReportDelegate", new WriteReportDelegate(reports, cleanup));
    beans.put("migrationTimers", new MigrationTimers());
    beans.forEach(Mocks::register);

    when(startCheck.refusal(CLUSTER)).thenReturn(Optional.empty());
    when(planning.plan(eq(CLUSTER), any())).thenReturn(new MigrationPlanning.Result(plan, List.of()));
    when(planning.verify(eq(CLUSTER), any(), any())).thenReturn(new MigrationPlanning.Verification(plan, List.of()));
    when(controlPlane.firstRollout(CLUSTER)).thenReturn(new ControlPlaneSteps.RolloutState(true, List.of()));
    when(controlPlane.finalRollout(CLUSTER)).thenReturn(new ControlPlaneSteps.RolloutState(true, List.of()));
    when(volumes.verify(CLUSTER)).thenReturn(new VolumeSteps.VolumeReport(1, 1, List.of("pv-1"), 1));
    Map<String, ServiceDetails> details = new LinkedHashMap<>();
    details.put("shop/frontend", details("shop/frontend", "198.51.100.20", "203.0.113.20"));
    details.put("shop/api", details("shop/api", "198.51.100.21", "203.0.113.21"));
    details.put("shop/queue", details("shop/queue", "10.0.0.30", "10.0.0.31"));
    when(loadBalancers.check(eq(CLUSTER), any(), any(), any()))
        .thenReturn(new LoadBalancerSteps.NewLoadBalancers(true, null, List.of(), details, List.of()));
    when(handover.pinFloatingIps(eq(CLUSTER), any(), any())).thenReturn(List.of());
    when(handover.moveFloatingIp(eq(CLUSTER), any(), any())).thenAnswer(call -> ((org.occmmigrator.process.ServiceOutcome)
        call.getArgument(2)).withMove(Instant.now(), Instant.now(), 0L, true, "fip-occm"));
    when(handover.movedIpServed(eq(CLUSTER), any(), any())).thenReturn(true);
    when(handover.verifyHandedOver(eq(CLUSTER), any(), any(), any(), any()))
        .thenReturn(new HandoverSteps.HandoverCheck(List.of(), Instant.now().minusSeconds(1), List.of()));
    when(rotation.rotate(eq(CLUSTER), anyString(), anyLong()))
        .thenReturn(new RotationSteps.RotationState(true, List.of("workers"), List.of()));
    when(cleanup.deleteOldLoadBalancer(eq(CLUSTER), any(), any(), any(), any(), anyBoolean()))
        .thenAnswer(call -> new CleanupSteps.Cleanup(((MigrationPlan.ServicePlan) call.getArgument(1)).service(), "old",
            true, null));
    when(reports.report(anyString())).thenReturn(new MigrationReports.Report(CLUSTER, List.of(), List.of(), Map.of()));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  @Test
  void migratesWithTheRealDelegatesInTheGuideOrder() {
    ProcessInstance migration = start();
    assertThat(migration).isWaitingAt(CONFIRM_MIGRATION);
    assertThat(variable(migration, Variable.HANDOVERS)).isEqualTo(Map.of("shop/frontend", "DNS", "shop/api", "DNS",
        "shop/queue", "INTERNAL_VIP"));

    complete(task(CONFIRM_MIGRATION), Map.of(Variable.CONFIRMED, true,
        Variable.MOVE_FLOATING_IP, org.camunda.spin.Spin.JSON("[\"shop/api\"]")));
    assertThat(migration).isWaitingAt(SWITCH_DNS, APPROVE_FLOATING_IP_MOVE, SWITCH_INTERNAL_CONSUMERS);
    verify(controlPlane).enableExternalCloudProvider(CLUSTER);
    assertThat(variable(migration, Variable.HANDOVERS)).isEqualTo(Map.of("shop/frontend", "DNS", "shop/api", "MOVE_FIP",
        "shop/queue", "INTERNAL_VIP"));

    // the task listener refuses a waiver without a reason; the task stays open
    Task internal = task(SWITCH_INTERNAL_CONSUMERS);
    assertThatThrownBy(() -> processEngine.getTaskService().complete(internal.getId(),
        Map.of(Variable.HANDOVER_DECISION, "WAIVE"))).hasMessageContaining("reason");
    assertThat(taskQuery().taskId(internal.getId()).singleResult()).isNotNull();

    complete(internal, Map.of(Variable.HANDOVER_DECISION, "DONE"));
    complete(task(SWITCH_DNS), Map.of(Variable.HANDOVER_DECISION, "DONE"));
    verify(rotation, never()).rotate(anyString(), anyString(), anyLong());
    complete(task(APPROVE_FLOATING_IP_MOVE), Map.of(Variable.HANDOVER_DECISION, "DONE"));
    assertThat(migration).isWaitingAt(DECIDE_CLEANUP);
    verify(handover).moveFloatingIp(eq(CLUSTER), eq(details("shop/api", "198.51.100.21", "203.0.113.21")), any());
    assertThat(variable(migration, "outcome:shop/api").toString()).contains("fip-occm");
    assertThat(variable(migration, "outcome:shop/queue").toString()).contains("DONE");

    complete(task(DECIDE_CLEANUP), Map.of(Variable.CLEANUP, "DELETE_NOW"));
    assertThat(migration).hasPassedInOrder(CHECK_ELIGIBILITY, CONFIRM_MIGRATION, PIN_FLOATING_IPS, VERIFY_PLAN,
        ENABLE_EXTERNAL_CLOUD_PROVIDER, CHECK_LOAD_BALANCERS, VERIFY_HANDOVER_COMPLETE, ROTATE_MACHINE_DEPLOYMENTS,
        DELETE_OLD_LOAD_BALANCERS, WRITE_REPORT, END_COMPLETED).isEnded();
    assertThat(historic(migration, Variable.DELETED_LOAD_BALANCERS).toString()).contains("old");
  }

  @Test
  void aChangedWorldGoesBackToTheConfirmationWithTheDifferenceAndNothingIsTriggered() {
    MigrationPlan live = new MigrationPlan(CLUSTER, "1.21.14", List.of(CLUSTER), List.of(service("shop/frontend", false),
        service("shop/api", false), service("shop/queue", true), service("shop/late", false)), 1, List.of("workers"),
        10, 10, List.of());
    when(planning.verify(eq(CLUSTER), any(), any()))
        .thenReturn(new MigrationPlanning.Verification(live, List.of("new since the plan: shop/late (IP 198.51.100.29)")))
        .thenReturn(new MigrationPlanning.Verification(live, List.of()));
    ProcessInstance migration = start();
    complete(task(CONFIRM_MIGRATION), Map.of(Variable.CONFIRMED, true,
        Variable.MOVE_FLOATING_IP, org.camunda.spin.Spin.JSON("[\"shop/api\"]")));

    assertThat(migration).isWaitingAt(CONFIRM_MIGRATION);
    verify(controlPlane, never()).enableExternalCloudProvider(anyString());
    assertThat(variable(migration, Variable.PLAN_CHANGES)).isEqualTo("- new since the plan: shop/late (IP 198.51.100.29)");
    assertThat(variable(migration, Variable.CONFIRMED)).as("the engineer must confirm again").isNotEqualTo(true);
    assertThat(variable(migration, Variable.HANDOVERS)).as("the new Service is planned, the earlier choice kept")
        .isEqualTo(Map.of("shop/frontend", "DNS", "shop/api", "MOVE_FIP", "shop/queue", "INTERNAL_VIP", "shop/late", "DNS"));
    assertThat(variable(migration, Variable.PLAN_SUMMARY).toString()).contains("shop/late");

    complete(task(CONFIRM_MIGRATION), Map.of(Variable.CONFIRMED, true));
    verify(controlPlane).enableExternalCloudProvider(CLUSTER);
  }

  // --- helpers

  private static MigrationPlan.ServicePlan service(String key, boolean internal) {
    return new MigrationPlan.ServicePlan(key, internal, false, List.of(443), "a-" + key, "old-" + key, "oldport-" + key,
        internal ? "10.0.0.30" : "198.51.100.2", internal ? null : "fip-" + key, "kube_service_" + key, false, false,
        "lb-sg-" + key, List.of());
  }

  private static ServiceDetails details(String service, String oldIp, String newIp) {
    return new ServiceDetails(service, oldIp, "oldport", newIp, "kube_service_" + service, "lb-" + service,
        "vip-" + service, 443, "fip-occm");
  }

  private ProcessInstance start() {
    ProcessInstance instance = processEngine.getRuntimeService().startProcessInstanceByKey(MigrationProcess.KEY, CLUSTER,
        Map.of(Variable.CLUSTER_ID, CLUSTER));
    drive();
    return instance;
  }

  private void complete(Task task, Map<String, Object> variables) {
    processEngine.getTaskService().complete(task.getId(), variables);
    drive();
  }

  private Task task(String key) {
    return taskQuery().taskDefinitionKey(key).list().get(0);
  }

  private Object variable(ProcessInstance instance, String name) {
    return processEngine.getRuntimeService().getVariable(instance.getId(), name);
  }

  private Object historic(ProcessInstance instance, String name) {
    return processEngine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableName(name).singleResult().getValue();
  }

  private void drive() {
    org.occmmigrator.testsupport.Jobs.drive(processEngine);
  }
}
