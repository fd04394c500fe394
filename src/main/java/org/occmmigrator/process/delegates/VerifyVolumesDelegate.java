package org.occmmigrator.process.delegates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.VolumeSteps;
import org.springframework.stereotype.Component;

@Component
class VerifyVolumesDelegate implements JavaDelegate {

  private final VolumeSteps volumes;

  VerifyVolumesDelegate(VolumeSteps volumes) {
    this.volumes = volumes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("volumeReport", ProcessVariables.json(volumes.verify(ProcessVariables.clusterId(execution))));
  }
}
