package org.occmmigrator.system;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.occmmigrator.process.MigrationStartCheck;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Both APIs require a user of the identity service; the webapps keep their own login, throttled like the APIs'.
 * Every request that changes something passes the {@link EngineGate}, on the engine REST API, the webapps' own
 * path to it, and our API alike.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  FilterRegistrationBean<BasicAuthenticationFilter> basicAuthenticationFilter(IdentityService identityService,
      LoginThrottle throttle) {
    var registration = new FilterRegistrationBean<>(new BasicAuthenticationFilter(identityService, throttle));
    registration.addUrlPatterns("/engine-rest/*", "/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<EngineGate> engineGate(IdentityService identityService, TaskService taskService,
      RepositoryService repositoryService, ManagementService managementService, MigrationStartCheck startCheck,
      AuditLog auditLog, LoginThrottle throttle, Environment environment) {
    String webappPath = webappPath(environment);
    var gate = new EngineGate(new EngineGate.Services(identityService, taskService, repositoryService, managementService,
        startCheck, auditLog, throttle), environment.acceptsProfiles(Profiles.of("production")), webappPath);
    var registration = new FilterRegistrationBean<>(gate);
    registration.addUrlPatterns("/engine-rest/*", "/api/*", webappPath + "/api/engine/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  @Bean
  FilterRegistrationBean<WebappLoginThrottleFilter> webappLoginThrottle(LoginThrottle throttle, Environment environment) {
    var registration = new FilterRegistrationBean<>(new WebappLoginThrottleFilter(throttle));
    registration.addUrlPatterns(webappPath(environment) + "/api/admin/auth/user/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  private static String webappPath(Environment environment) {
    String path = environment.getProperty("camunda.bpm.webapp.application-path", "/camunda");
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
