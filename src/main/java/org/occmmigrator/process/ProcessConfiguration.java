package org.occmmigrator.process;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProcessConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Production DNS; the sandbox brings its own records. */
  @Bean
  @ConditionalOnMissingBean(HostResolver.class)
  HostResolver systemHostResolver() {
    return new SystemHostResolver();
  }
}
