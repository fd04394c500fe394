package org.occmmigrator.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.occmmigrator.sandbox.openstack.FaultInjector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A Kubernetes API server for the sandbox: fabric8's mock server in CRUD mode, on loopback. */
final class MockApiServer implements AutoCloseable {

  /**
   * The user agent of this server's own client (the simulated controllers', and the sandbox's runtime API). They run in
   * one thread for every cluster and make most of the requests, so a slow or withheld answer would stall the whole
   * world (at 20 % faults it ran about twenty times slower); they get an error answer instead, which costs one round.
   */
  static final String CONTROLLERS_USER_AGENT = "occm-sandbox-controllers";
  /** Longer than any client waits: the answer of a dropped connection or lost answer never arrives in time. */
  private static final java.time.Duration WITHHELD = java.time.Duration.ofMinutes(5);

  private final String name;
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  /** API groups of the custom resources served, for the group list kubectl discovers them by. */
  private final Map<String, List<Map<String, Object>>> customGroups = new ConcurrentHashMap<>();
  /**
   * Injected failures, from rules and a fault rate. fabric8's mock server cannot close a connection, so a dropped
   * connection and a lost answer are both an answer withheld until the client gives up (its request timeout): the
   * application then repeats a request the server may have acted on, as after a real drop.
   */
  private final FaultInjector faults = new FaultInjector();

  MockApiServer(String name) {
    this.name = name;
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new DiscoveringDispatcher(customGroups, faults), false) {
      @Override
      protected io.fabric8.kubernetes.client.Config initConfig() {
        // The simulated controllers' own client: no retries with back-off on a failing answer (up to 10, doubling
        // from 100 ms by default), which would hold the one controller thread and stop every other cluster.
        io.fabric8.kubernetes.client.Config config = super.initConfig();
        config.setRequestRetryBackoffLimit(0);
        config.setUserAgent(CONTROLLERS_USER_AGENT);
        return config;
      }
    };
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  FaultInjector faults() {
    return faults;
  }

  String url() {
    return client.getConfiguration().getMasterUrl();
  }

  /** Registers a custom resource so that API discovery finds it, as on a real API server. */
  void serveCustomResource(String group, String version, String kind, String plural, boolean namespaced) {
    customGroups.computeIfAbsent(group + "/" + version, key -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(Map.of("name", plural, "singularName", kind.toLowerCase(), "kind", kind, "namespaced", namespaced,
            "verbs", List.of("get", "list", "watch", "create", "update", "patch", "delete")));
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec().withGroup(group).withScope(namespaced ? "Namespaced" : "Cluster")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
        .addNewVersion().withName(version).withServed(true).withStorage(true).endVersion().endSpec().build()).create();
  }

  /**
   * Drops the requests the mock server recorded for tests to inspect: it keeps every one in an unbounded
   * queue, which grew the heap by about 2 MiB a minute in a sandbox at its default pace (docs/benchmarks.md).
   */
  void forgetRecordedRequests() {
    try {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // dropped
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
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

  /**
   * The CRUD dispatcher, plus the discovery documents kubectl reads: the core versions at /api (kubectl 1.20,
   * Debian 12's, stops without them), the group list at /apis and the resource list at /apis/{group}/{version}
   * (fabric8's mock answers none of them).
   */
  private static final class DiscoveringDispatcher extends KubernetesCrudDispatcher {
    private final Map<String, List<Map<String, Object>>> customGroups;
    private final FaultInjector faults;

    DiscoveringDispatcher(Map<String, List<Map<String, Object>>> customGroups, FaultInjector faults) {
      this.customGroups = customGroups;
      this.faults = faults;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath().replaceAll("\\?.*$", "").replaceAll("/$", "");
      var fault = faults.match(request.getMethod(), path).orElse(null);
      FaultInjector.Action action = fault == null ? null : fault.action();
      boolean fromControllers = CONTROLLERS_USER_AGENT.equals(request.getHeader("User-Agent"));
      if (fromControllers && (action == FaultInjector.Action.DROP || action == FaultInjector.Action.LOSE_ANSWER
          || action == FaultInjector.Action.DELAY)) {
        return status(503, "injected fault 503: the API is unwell");
      }
      if (action == FaultInjector.Action.STATUS) {
        return status(fault.status(), fault.message() != null ? fault.message() : "injected fault " + fault.status());
      }
      if (action == FaultInjector.Action.DROP) {
        return status(503, "never sent").setBodyDelay(WITHHELD); // not acted on, and the client hears nothing
      }
      MockResponse answer = answer(request, path);
      if (action == FaultInjector.Action.LOSE_ANSWER) {
        return answer.setBodyDelay(WITHHELD); // acted on; the answer never arrives in time
      }
      if (action == FaultInjector.Action.DELAY) {
        return answer.setBodyDelay(fault.delay());
      }
      return answer;
    }

    private static MockResponse status(int code, String message) {
      return json(code, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", code, "message", message));
    }

    private MockResponse answer(RecordedRequest request, String path) {
      if ("GET".equals(request.getMethod()) && path.equals("/api")) {
        return json(200, Map.of("kind", "APIVersions", "versions", List.of("v1"), "serverAddressByClientCIDRs",
            List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1"))));
      }
      if ("GET".equals(request.getMethod()) && path.equals("/apis")) {
        List<Object> groups = new ArrayList<>();
        customGroups.keySet().forEach(groupVersion -> {
          var version = Map.of("groupVersion", groupVersion, "version", groupVersion.split("/")[1]);
          groups.add(Map.of("name", groupVersion.split("/")[0], "versions", List.of(version), "preferredVersion", version));
        });
        return json(200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
      }
      if ("GET".equals(request.getMethod()) && path.startsWith("/apis/") && customGroups.containsKey(path.substring(6))) {
        return json(200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", path.substring(6),
            "resources", customGroups.get(path.substring(6))));
      }
      MockResponse response = super.dispatch(request);
      if ("POST".equals(request.getMethod())) {
        // The mock server's UIDs count up, and the in-tree LB name drops a UID's last hex digit: skipping 16
        // after each creation keeps those names unique, as random UIDs do on a real API server.
        for (int i = 0; i < 16; i++) {
          io.fabric8.kubernetes.client.utils.Utils.generateId();
        }
      }
      return response;
    }

    private static MockResponse json(int status, Object body) {
      return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json")
          .setBody(Serialization.asJson(body));
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
