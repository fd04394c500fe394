package org.occmmigrator.process.validation;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Gives every user task with a Camunda Form a {@link TaskAnswerListener} on completion, first of its complete
 * listeners and built in (it runs even when custom listeners are skipped). So every answer is validated on the
 * server by its form's rules — escalations too, which have no listener of their own in the model — and a task
 * added to the model later is covered without anyone remembering to.
 */
@Component
class AnswerValidationPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask
            && userTask.getTaskDefinition().getCamundaFormDefinitionKey() != null) {
          String formKey = userTask.getTaskDefinition().getCamundaFormDefinitionKey().getExpressionText();
          userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, new FreshAnswerListener(formKey));
          userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, new TaskAnswerListener(formKey));
        }
      }
    });
    configuration.setCustomPostBPMNParseListeners(listeners);
  }
}
