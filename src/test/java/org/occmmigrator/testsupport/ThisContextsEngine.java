package org.occmmigrator.testsupport;

import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Points Camunda's static engine registries at the engine of the Spring context the current test runs in. The
 * engine REST API and the webapps look the engine up by name there, and with several cached test contexts in one
 * JVM the context started last would otherwise serve every test's requests (a closed one answers 500).
 * Registered for every Spring test in META-INF/spring.factories.
 */
public class ThisContextsEngine extends AbstractTestExecutionListener {

  @Override
  public void beforeTestMethod(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    var beans = testContext.getApplicationContext().getBeanProvider(ProcessEngine.class);
    ProcessEngine engine = beans.getIfUnique();
    if (engine == null) {
      return;
    }
    ProcessEngines.registerProcessEngine(engine);
    var container = RuntimeContainerDelegate.INSTANCE.get();
    ProcessEngine registered = container.getProcessEngineService().getProcessEngine(engine.getName());
    if (registered != engine) {
      if (registered != null) {
        container.unregisterProcessEngine(registered);
      }
      container.registerProcessEngine(engine);
    }
  }
}
