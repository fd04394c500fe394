package org.occmmigrator.system;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Creates the demo users of the demo profile (idempotently), after the groups exist. */
@Component
@Profile("demo")
@Order(2)
@EnableConfigurationProperties(DemoUsers.Settings.class)
class DemoUsers implements ApplicationRunner {

  @ConfigurationProperties("occm.demo-users")
  record Settings(String password, List<DemoUser> users) {}

  record DemoUser(String id, String firstName, String lastName, String group) {}

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final IdentityService identityService;
  private final Settings settings;

  DemoUsers(IdentityService identityService, Settings settings) {
    this.identityService = identityService;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (DemoUser demo : settings.users()) {
      if (identityService.createUserQuery().userId(demo.id()).count() == 0) {
        var user = identityService.newUser(demo.id());
        user.setFirstName(demo.firstName());
        user.setLastName(demo.lastName());
        user.setEmail(demo.id() + "@occm-migrator.invalid");
        user.setPassword(settings.password());
        identityService.saveUser(user);
        log.info("Created demo user {} (group {})", demo.id(), demo.group());
      }
      if (identityService.createUserQuery().userId(demo.id()).memberOfGroup(demo.group()).count() == 0) {
        identityService.createMembership(demo.id(), demo.group());
      }
    }
  }
}
