package org.occmmigrator.process;

/** Ids of the migration process that Java code refers to; a test checks them against the BPMN file. */
public final class MigrationProcess {

  /** Process id = file name in bpmn/. */
  public static final String KEY = "occm-migration";

  private MigrationProcess() {}
}
