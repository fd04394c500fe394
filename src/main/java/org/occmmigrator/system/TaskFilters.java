package org.occmmigrator.system;

import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.TaskQuery;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Element;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Tasklist filters for support engineers, created once (by name) at start-up. */
@Component
@Order(3)
class TaskFilters implements ApplicationRunner {

  private final FilterService filterService;
  private final TaskService taskService;

  TaskFilters(FilterService filterService, TaskService taskService) {
    this.filterService = filterService;
    this.taskService = taskService;
  }

  @Override
  public void run(ApplicationArguments args) {
    ensure("Handover tasks", "Switch DNS or move the IP of a public service", 10, "#2f6fdf",
        migrationTasks().taskDefinitionKeyIn(Element.SWITCH_DNS, Element.APPROVE_FLOATING_IP_MOVE));
    ensure("Escalations", "A migration step needs a decision", 20, "#d9534f",
        migrationTasks().taskDefinitionKeyIn(Element.HANDLE_STALLED_CONTROL_PLANE, Element.RESOLVE_LOAD_BALANCER_PROBLEM,
            Element.RESOLVE_INCOMPLETE_HANDOVER, Element.HANDLE_STALLED_ROTATION, Element.HANDLE_STALLED_FINAL_ROLLOUT));
    ensure("All migration tasks", "Every open task of every migration", 30, "#555555", migrationTasks());
  }

  private TaskQuery migrationTasks() {
    return taskService.createTaskQuery().processDefinitionKey(MigrationProcess.KEY);
  }

  private void ensure(String name, String description, int priority, String color, TaskQuery query) {
    if (filterService.createTaskFilterQuery().filterName(name).count() > 0) {
      return;
    }
    filterService.saveFilter(filterService.newTaskFilter(name).setQuery(query)
        .setProperties(Map.of("description", description, "priority", priority, "color", color, "refresh", true)));
  }
}
