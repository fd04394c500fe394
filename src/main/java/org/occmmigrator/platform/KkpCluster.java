package org.occmmigrator.platform;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the migration needs of a KKP Cluster object, read from either API group. */
public record KkpCluster(
    String id,
    KkpApi api,
    String version,
    String provider,
    String datacenter,
    OpenStackSettings openStack,
    boolean externalCloudProvider,
    boolean ccmClusterName,
    Map<String, String> annotations,
    Map<String, Condition> conditions,
    Map<String, Health> health,
    String namespace) {

  public static final String CCM_MIGRATION_ANNOTATION = "ccm-migration.k8c.io/migration-needed";
  public static final String CSI_MIGRATION_ANNOTATION = "csi-migration.k8c.io/migration-needed";
  public static final String KUBELET_MIGRATION_CONDITION = "CSIKubeletMigrationCompleted";

  /** spec.cloud.openstack; null when the cluster is on another provider. */
  public record OpenStackSettings(String network, String floatingIpPool, boolean useOctavia,
      String credentialsSecretName, String credentialsSecretNamespace) {}

  public record Condition(String status, String reason, String message) {
    public boolean isTrue() {
      return "True".equals(status);
    }
  }

  public enum MigrationState { NOT_STARTED, IN_PROGRESS, DONE, UNSUPPORTED }

  public record MigrationStatus(MigrationState state, String reason) {}

  /** The dashboard's externalCCMMigration status, computed as KKP does (DOMAIN.md §2). */
  public MigrationStatus migrationStatus() {
    if (!"openstack".equals(provider)) {
      return new MigrationStatus(MigrationState.UNSUPPORTED, "the cluster runs on " + provider + ", not OpenStack");
    }
    if (!externalCloudProvider) {
      return new MigrationStatus(MigrationState.NOT_STARTED, "the cluster uses the in-tree OpenStack provider");
    }
    boolean annotated = annotations.containsKey(CCM_MIGRATION_ANNOTATION) || annotations.containsKey(CSI_MIGRATION_ANNOTATION);
    Condition kubelet = conditions.get(KUBELET_MIGRATION_CONDITION);
    if (annotated && (kubelet == null || !kubelet.isTrue())) {
      return new MigrationStatus(MigrationState.IN_PROGRESS, kubelet == null
          ? "the external provider is enabled, the kubelet migration has not started"
          : "kubelet migration: " + kubelet.reason());
    }
    return new MigrationStatus(MigrationState.DONE, "the cluster runs on the external cloud provider");
  }

  /**
   * The cluster name OCCM puts into load balancer names: the cluster id where KKP sets the
   * ccmClusterName feature (KKP 2.22+, whose webhook sets it on migration), else OCCM's default.
   * Before the trigger on kubermatic.k8c.io this is a guess: see {@link #possibleOccmClusterNames()}.
   */
  public String occmClusterName() {
    return possibleOccmClusterNames().get(0);
  }

  /**
   * Every cluster name OCCM may run with after the trigger, the likeliest first. Certain when ccmClusterName is set
   * (the id), after the trigger (the webhook has decided), or on kubermatic.k8s.io (KKP <= 2.20: "kubernetes"). On
   * kubermatic.k8c.io before the trigger KKP's version decides (2.22+ sets ccmClusterName, 2.21 does not), which the
   * Cluster object does not tell: both names. (DOMAIN.md §2; kubermatic PR #5322)
   */
  public java.util.List<String> possibleOccmClusterNames() {
    if (ccmClusterName) {
      return java.util.List.of(id);
    }
    if (externalCloudProvider || api != KkpApi.K8C) {
      return java.util.List.of("kubernetes");
    }
    return java.util.List.of(id, "kubernetes");
  }


  /** True when the Kubernetes version is below the cut-off (major.minor, e.g. "1.22"). */
  public boolean versionBelow(String cutoff) {
    return compareMinor(version, cutoff) < 0;
  }

  public boolean webhookApplied() {
    return annotations.containsKey(CCM_MIGRATION_ANNOTATION) && annotations.containsKey(CSI_MIGRATION_ANNOTATION)
        && openStack != null && openStack.useOctavia();
  }

  public boolean allHealthy() {
    return !health.isEmpty() && health.values().stream().allMatch(h -> h == Health.UP);
  }

  static int compareMinor(String version, String cutoff) {
    int[] a = majorMinor(version);
    int[] b = majorMinor(cutoff);
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }

  private static int[] majorMinor(String version) {
    String[] parts = version.replaceFirst("^v", "").split("\\.");
    try {
      return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    } catch (NumberFormatException notAVersion) {
      throw new PlatformException("Cannot read the Kubernetes version '" + version + "'", false);
    }
  }

  @SuppressWarnings("unchecked")
  static KkpCluster from(GenericKubernetesResource resource, KkpApi api) {
    String id = resource.getMetadata().getName();
    Map<String, Object> spec = map(resource.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(resource.getAdditionalProperties().get("status"));
    Map<String, Object> cloud = map(spec.get("cloud"));
    String provider = cloud.keySet().stream().filter(key -> !key.equals("dc") && !key.equals("providerName"))
        .findFirst().orElse("unknown");
    Map<String, Object> openstack = map(cloud.get("openstack"));
    String datacenter = (String) cloud.getOrDefault("dc", openstack.get("datacenter"));
    OpenStackSettings openStack = null;
    if (cloud.containsKey("openstack")) {
      Map<String, Object> credentials = map(openstack.get("credentialsReference"));
      openStack = new OpenStackSettings((String) openstack.get("network"), (String) openstack.get("floatingIPPool"),
          Boolean.TRUE.equals(openstack.get("useOctavia")),
          (String) credentials.getOrDefault("name", "credential-openstack-" + id),
          (String) credentials.getOrDefault("namespace", "kubermatic"));
    }
    Map<String, Object> features = map(spec.get("features"));
    Map<String, Condition> conditions = new LinkedHashMap<>();
    map(status.get("conditions")).forEach((type, value) -> {
      Map<String, Object> condition = map(value);
      conditions.put(type, new Condition(String.valueOf(condition.get("status")), (String) condition.get("reason"),
          (String) condition.get("message")));
    });
    Map<String, Health> health = new LinkedHashMap<>();
    map(status.get("extendedHealth")).forEach((component, value) -> health.put(component, Health.parse(value)));
    Map<String, String> annotations = resource.getMetadata().getAnnotations() == null
        ? Map.of() : Map.copyOf(resource.getMetadata().getAnnotations());
    String namespace = (String) status.getOrDefault("namespaceName", "cluster-" + id);
    return new KkpCluster(id, api, String.valueOf(spec.get("version")), provider, datacenter, openStack,
        Boolean.TRUE.equals(features.get("externalCloudProvider")), Boolean.TRUE.equals(features.get("ccmClusterName")),
        annotations, Map.copyOf(conditions),
        Map.copyOf(health), namespace);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
