package org.occmmigrator.system;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Both APIs require a user of the identity service; the webapps keep their own login. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  FilterRegistrationBean<BasicAuthenticationFilter> basicAuthenticationFilter(IdentityService identityService) {
    var registration = new FilterRegistrationBean<>(new BasicAuthenticationFilter(identityService));
    registration.addUrlPatterns("/engine-rest/*", "/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
