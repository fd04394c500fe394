package org.occmmigrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the process engine with Cockpit, Tasklist, Admin, the engine REST API and the migration API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OccmMigratorApplication {

  public static void main(String[] args) {
    SpringApplication.run(OccmMigratorApplication.class, args);
  }
}
