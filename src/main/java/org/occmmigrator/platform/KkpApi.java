package org.occmmigrator.platform;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The two API groups KKP has served its Cluster objects under. */
public enum KkpApi {
  /** KKP 2.21 and later; health values are strings (HealthStatusUp, …). */
  K8C("kubermatic.k8c.io"),
  /** KKP 2.20 and earlier; health values are integers (0 down, 1 up, 2 provisioning). */
  K8S("kubermatic.k8s.io");

  private final String group;

  KkpApi(String group) {
    this.group = group;
  }

  public String group() {
    return group;
  }

  ResourceDefinitionContext clusters() {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withKind("Cluster")
        .withPlural("clusters").withNamespaced(false).build();
  }
}
