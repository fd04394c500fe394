package org.occmmigrator.openstack;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenStackConfiguration {

  @Bean
  OpenStackSessions openStackSessions(@Value("${occm.openstack.timeout:PT30S}") Duration timeout) {
    return new OpenStackSessions(Clock.systemUTC(), timeout);
  }

  /** Production probe; the sandbox replaces it with one that asks its data plane. */
  @Bean
  @ConditionalOnMissingBean(ReachabilityProbe.class)
  ReachabilityProbe tcpReachabilityProbe(@Value("${occm.openstack.probe-timeout:PT3S}") Duration timeout) {
    return new TcpReachabilityProbe(timeout);
  }
}
