package org.occmmigrator.process.delegates;

import java.util.ArrayList;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.LoadBalancerSteps;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceDetails;
import org.springframework.stereotype.Component;

@Component
class CheckLoadBalancersDelegate implements JavaDelegate {

  private final LoadBalancerSteps loadBalancers;

  CheckLoadBalancersDelegate(LoadBalancerSteps loadBalancers) {
    this.loadBalancers = loadBalancers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Map<String, ServiceDetails> recorded = ProcessVariables.allDetails(execution);
    var state = loadBalancers.check(ProcessVariables.clusterId(execution), ProcessVariables.plan(execution),
        ProcessVariables.handovers(execution), recorded);
    if (state.failed() != null) {
      execution.setVariable(Variable.FINDINGS, ""); // the problem says it all; earlier findings would mislead
      throw new BpmnError(ErrorCode.LOAD_BALANCER_FAILED, state.failed());
    }
    // ids are recorded as soon as they are seen: later checks and steps act only on these
    recorded.putAll(state.details());
    execution.setVariable(Variable.SERVICE_DETAILS, ProcessVariables.json(recorded));
    execution.setVariable(Variable.FINDINGS, ProcessVariables.bulletList(state.waitingFor()));
    execution.setVariable(Variable.DELETED_SERVICES, ProcessVariables.json(state.deleted()));
    if (state.ready()) {
      execution.setVariable(Variable.SERVICES_TO_HAND_OVER, new ArrayList<>(state.details().keySet()));
    }
    ProcessVariables.checked(execution, state.ready());
  }
}
