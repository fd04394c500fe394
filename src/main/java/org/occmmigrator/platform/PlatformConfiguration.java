package org.occmmigrator.platform;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The seed connection and the user-cluster clients; connected on first use, not at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

  /** {@code requestTimeout}: a Kubernetes request not answered in time counts as lost and is repeated (KubernetesFaults). */
  @Bean(destroyMethod = "close")
  @Lazy
  SeedCluster seedCluster(PlatformSettings settings,
      @Value("${occm.platform.request-timeout:PT10S}") Duration requestTimeout) {
    return SeedCluster.connect(settings.seedKubeconfig(), settings.seedContext(), requestTimeout);
  }

  @Bean(destroyMethod = "close")
  UserClusters userClusters(ObjectProvider<SeedCluster> seed, PlatformSettings settings,
      @Value("${occm.platform.request-timeout:PT10S}") Duration requestTimeout) {
    return new UserClusters(seed::getObject, settings.userClusterClientIdleTimeout(), Clock.systemUTC(), requestTimeout);
  }

  @Bean
  IdleUserClusterClients idleUserClusterClients(UserClusters userClusters) {
    return new IdleUserClusterClients(userClusters);
  }

  /** Closes user-cluster clients nobody used for a while (a migration waits hours between steps). */
  record IdleUserClusterClients(UserClusters userClusters) {
    @Scheduled(fixedDelayString = "PT1M")
    void closeIdle() {
      userClusters.closeIdle();
    }
  }
}
