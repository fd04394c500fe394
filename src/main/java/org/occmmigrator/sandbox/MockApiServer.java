package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** A Kubernetes API server for the sandbox: fabric8's mock server in CRUD mode, on loopback. */
final class MockApiServer implements AutoCloseable {

  private final String name;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockApiServer(String name) {
    this.name = name;
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  String url() {
    return client.getConfiguration().getMasterUrl();
  }

  /** Registers a custom resource so that API discovery finds it, as on a real API server. */
  void serveCustomResource(String group, String version, String kind, String plural, boolean namespaced) {
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec().withGroup(group).withScope(namespaced ? "Namespaced" : "Cluster")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
        .addNewVersion().withName(version).withServed(true).withStorage(true).endVersion().endSpec().build()).create();
  }

  /** A kubeconfig that reaches this server (the mock server asks for no credentials). */
  String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            insecure-skip-tls-verify: true
        users:
        - name: %1$s-admin
          user:
            token: sandbox
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
        current-context: %1$s
        """.formatted(name, url().replaceAll("/$", ""));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
