package org.occmmigrator.testsupport;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;

/** Drives a process engine's jobs by hand, as process tests do (the job executor is off there). */
public final class Jobs {

  private Jobs() {}

  /** Runs every job that is due (async continuations, due timers) until only waiting remains. */
  public static void drive(ProcessEngine engine) {
    var management = engine.getManagementService();
    for (int round = 0; round < 200; round++) {
      List<Job> jobs = management.createJobQuery().executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(job -> management.executeJob(job.getId()));
    }
    throw new AssertionError("jobs keep coming: an endless loop in the model?");
  }
}
