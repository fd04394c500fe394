package org.occmmigrator.platform;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The platform's seed cluster: KKP Cluster objects, their control-plane Deployments and the Secrets
 * with each cluster's credentials. Every write checks the current state first, so repeating it is safe.
 */
public class SeedCluster implements AutoCloseable {

  /** The control-plane component the migration brings; it appears after the first rollout. */
  static final String OCCM_DEPLOYMENT = "openstack-cloud-controller-manager";

  private final KubernetesClient client;
  private volatile List<KkpApi> apis;

  public SeedCluster(KubernetesClient client) {
    this.client = client;
  }

  /** From a kubeconfig file (and optional context), or fabric8's standard discovery when none is given. */
  public static SeedCluster connect(String kubeconfigPath, String context) {
    return connect(kubeconfigPath, context, KubernetesFaults.DEFAULT_REQUEST_TIMEOUT);
  }

  /** As {@link #connect(String, String)}; a request not answered within {@code requestTimeout} is repeated. */
  public static SeedCluster connect(String kubeconfigPath, String context, java.time.Duration requestTimeout) {
    Config config;
    if (kubeconfigPath == null || kubeconfigPath.isBlank()) {
      config = context == null || context.isBlank() ? Config.autoConfigure(null) : Config.autoConfigure(context);
    } else {
      try {
        config = Config.fromKubeconfig(context == null || context.isBlank() ? null : context,
            Files.readString(Path.of(kubeconfigPath)), kubeconfigPath);
      } catch (java.io.IOException unreadable) {
        throw new PlatformException("Cannot read the seed kubeconfig " + kubeconfigPath + ": " + unreadable.getMessage(), false);
      }
    }
    return new SeedCluster(new KubernetesClientBuilder().withConfig(KubernetesFaults.configured(config, requestTimeout)).build());
  }

  /**
   * The KKP API groups the seed serves, newest first; asked once (API discovery), then remembered. A seed
   * normally serves one; during a KKP upgrade, or in the sandbox, it may serve both.
   */
  public List<KkpApi> apis() {
    if (apis == null) {
      apis = call("discover the KKP API group of the seed", () -> {
        List<KkpApi> served = new ArrayList<>();
        for (KkpApi candidate : KkpApi.values()) {
          var resources = client.getApiResources(candidate.group() + "/v1");
          if (resources != null && resources.getResources().stream().anyMatch(r -> r.getName().equals("clusters"))) {
            served.add(candidate);
          }
        }
        if (served.isEmpty()) {
          throw new PlatformException("The seed serves neither kubermatic.k8c.io nor kubermatic.k8s.io: is this a KKP seed?", false);
        }
        return List.copyOf(served);
      });
    }
    return apis;
  }

  /** The group a cluster is served under: the newest group that has it. */
  public KkpApi api() {
    return apis().get(0);
  }

  public Optional<KkpCluster> findCluster(String id) {
    for (KkpApi api : apis()) {
      GenericKubernetesResource resource = call("read cluster " + id,
          () -> client.genericKubernetesResources(api.clusters()).withName(id).get());
      if (resource != null) {
        return Optional.of(KkpCluster.from(resource, api));
      }
    }
    return Optional.empty();
  }

  public KkpCluster cluster(String id) {
    return findCluster(id).orElseThrow(() -> new ClusterNotFoundException(id));
  }

  public List<KkpCluster> clusters() {
    List<KkpCluster> clusters = new ArrayList<>();
    for (KkpApi api : apis()) {
      call("list clusters", () -> client.genericKubernetesResources(api.clusters()).list().getItems())
          .forEach(resource -> clusters.add(KkpCluster.from(resource, api)));
    }
    return clusters;
  }

  /**
   * Sets spec.features.externalCloudProvider with a JSON merge patch (a real API server refuses
   * strategic merge patches on custom resources); does nothing when it is already set. Irreversible.
   */
  public KkpCluster enableExternalCloudProvider(String id) {
    KkpCluster cluster = cluster(id);
    if (cluster.externalCloudProvider()) {
      return cluster;
    }
    call("enable the external cloud provider of cluster " + id, () -> client.genericKubernetesResources(cluster.api().clusters())
        .withName(id).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"features\":{\"externalCloudProvider\":true}}}"));
    return cluster(id);
  }

  /** Names of the cluster's control-plane Deployments that have not finished rolling out (empty: done). */
  public List<String> controlPlaneDeploymentsRollingOut(KkpCluster cluster) {
    List<Deployment> deployments = call("list the control plane of cluster " + cluster.id(),
        () -> client.apps().deployments().inNamespace(cluster.namespace()).list().getItems());
    return deployments.stream().filter(d -> !rolledOut(d)).map(d -> d.getMetadata().getName()).toList();
  }

  /**
   * When KKP created the cluster's openstack-cloud-controller-manager Deployment (seconds); empty while there is none.
   * Nothing this cluster's OCCM made can be older.
   */
  public java.util.Optional<java.time.Instant> occmDeployedAt(KkpCluster cluster) {
    Deployment occm = call("read the OCCM deployment of cluster " + cluster.id(), () -> client.apps().deployments()
        .inNamespace(cluster.namespace()).withName(OCCM_DEPLOYMENT).get());
    return java.util.Optional.ofNullable(occm == null ? null : occm.getMetadata().getCreationTimestamp())
        .map(java.time.Instant::parse);
  }

  public boolean occmDeployed(KkpCluster cluster) {
    return call("read the OCCM deployment of cluster " + cluster.id(), () -> client.apps().deployments()
        .inNamespace(cluster.namespace()).withName(OCCM_DEPLOYMENT).get()) != null;
  }

  static boolean rolledOut(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
    int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    return (status.getObservedGeneration() == null ? 0 : status.getObservedGeneration()) >= generation
        && value(status.getUpdatedReplicas()) == wanted && value(status.getAvailableReplicas()) == wanted
        && value(status.getReplicas()) == wanted;
  }

  /** The cluster's OpenStack credentials from the Secret its credentialsReference names. */
  public OpenStackCredentials openStackCredentials(KkpCluster cluster) {
    if (cluster.openStack() == null) {
      throw new PlatformException("Cluster " + cluster.id() + " is not an OpenStack cluster", false);
    }
    String namespace = cluster.openStack().credentialsSecretNamespace();
    String name = cluster.openStack().credentialsSecretName();
    Map<String, String> data = secretData(namespace, name);
    return new OpenStackCredentials(data.get("username"), data.get("password"), data.get("projectid"),
        data.getOrDefault("project", data.get("tenant")), data.getOrDefault("domain", "Default"),
        data.get("applicationcredentialid"), data.get("applicationcredentialsecret"));
  }

  /** The user cluster's admin kubeconfig (Secret admin-kubeconfig, key kubeconfig). */
  public String userClusterKubeconfig(KkpCluster cluster) {
    String kubeconfig = secretData(cluster.namespace(), "admin-kubeconfig").get("kubeconfig");
    if (kubeconfig == null) {
      throw new PlatformException("Secret " + cluster.namespace() + "/admin-kubeconfig has no key 'kubeconfig'", false);
    }
    return kubeconfig;
  }

  /** The Secret's values, keys lower-cased (KKP has used several spellings); never logged. */
  private Map<String, String> secretData(String namespace, String name) {
    Secret secret = call("read Secret " + namespace + "/" + name,
        () -> client.secrets().inNamespace(namespace).withName(name).get());
    if (secret == null) {
      throw new PlatformException("Secret " + namespace + "/" + name + " does not exist on the seed", false);
    }
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) ->
          data.put(key.toLowerCase(), new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((key, value) -> data.put(key.toLowerCase(), value));
    }
    return data;
  }

  private static int value(Integer number) {
    return number == null ? 0 : number;
  }

  private static <T> T call(String what, Supplier<T> action) {
    return KubernetesFaults.call(what + " on the seed", action);
  }

  @Override
  public void close() {
    client.close();
  }
}
