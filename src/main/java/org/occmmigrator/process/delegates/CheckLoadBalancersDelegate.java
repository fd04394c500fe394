package org.occmmigrator.process.delegates;

import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.LoadBalancerSteps;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.springframework.stereotype.Component;

@Component
class CheckLoadBalancersDelegate implements JavaDelegate {

  private final LoadBalancerSteps loadBalancers;

  CheckLoadBalancersDelegate(LoadBalancerSteps loadBalancers) {
    this.loadBalancers = loadBalancers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var plan = ProcessVariables.plan(execution);
    var state = loadBalancers.check(ProcessVariables.clusterId(execution), plan, ProcessVariables.handovers(execution));
    if (state.failed() != null) {
      throw new BpmnError(ErrorCode.LOAD_BALANCER_FAILED, state.failed());
    }
    execution.setVariable("waitingFor", String.join("; ", state.waitingFor()));
    if (state.ready()) {
      execution.setVariable(Variable.SERVICE_DETAILS, ProcessVariables.json(state.details()));
      execution.setVariable(Variable.SERVICES_TO_HAND_OVER, new ArrayList<>(state.details().keySet()));
    }
    ProcessVariables.checked(execution, state.ready());
  }
}
