package org.occmmigrator.process.delegates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationPlanning;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class CheckEligibilityDelegate implements JavaDelegate {

  private final MigrationPlanning planning;
  private final RuntimeService runtimeService;

  CheckEligibilityDelegate(MigrationPlanning planning, RuntimeService runtimeService) {
    this.planning = planning;
    this.runtimeService = runtimeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String clusterId = ProcessVariables.clusterId(execution);
    // checked at the start event too; two starts at the same moment both pass there, not here
    long others = runtimeService.createProcessInstanceQuery().processDefinitionKey(MigrationProcess.KEY)
        .processInstanceBusinessKey(clusterId).list().stream()
        .filter(other -> !other.getId().equals(execution.getProcessInstanceId())).count();
    if (others > 0) {
      throw new BpmnError(ErrorCode.NOT_ELIGIBLE, "another migration of cluster " + clusterId + " is running");
    }
    Map<String, String> requested = ProcessVariables.handovers(execution);
    MigrationPlanning.Result result = planning.plan(clusterId, requested.isEmpty() ? null : requested);
    if (!result.reasonsAgainst().isEmpty()) {
      throw new BpmnError(ErrorCode.NOT_ELIGIBLE, String.join("; ", result.reasonsAgainst()));
    }
    MigrationPlan plan = result.plan();
    ProcessVariables.plan(execution, plan);
    execution.setVariable(Variable.OLD_LOAD_BALANCER_SERVICES, new ArrayList<>(plan.services().stream()
        .filter(service -> !service.adopted()).map(MigrationPlan.ServicePlan::service).toList()));
    Map<String, String> handovers = MigrationPlanning.handovers(plan, requested);
    execution.setVariable(Variable.HANDOVERS, handovers);
    // the confirmation form offers these services for a FIP move or pin; adopted and pinned ones have no choice
    List<Map<String, String>> choices = plan.publicServices().stream().filter(s -> !s.adopted() && !s.pinned())
        .map(s -> Map.of("label", s.service() + " (" + s.oldIp() + ")", "value", s.service())).toList();
    execution.setVariable("serviceOptions", ProcessVariables.json(choices));
    execution.setVariable("planSummary", summary(plan));
  }

  private static String summary(MigrationPlan plan) {
    long adopted = plan.publicServices().stream().filter(MigrationPlan.ServicePlan::adopted).count();
    return plan.publicServices().size() + " public and " + (plan.services().size() - plan.publicServices().size())
        + " internal LoadBalancer services (" + adopted + " adopted by Octavia keep their IP), " + plan.inTreeVolumes()
        + " in-tree volumes, machine deployments " + plan.machineDeployments() + ", Kubernetes " + plan.kubernetesVersion()
        + ". New load balancers will be named kube_service_" + plan.occmClusterName() + "_NAMESPACE_SERVICE.";
  }
}
