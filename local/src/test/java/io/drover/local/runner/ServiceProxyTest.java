package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** kube-proxy and the endpoints controller: Service addresses, the hosts file, forwarding. */
@EnableKubernetesMockClient(crud = true)
class ServiceProxyTest extends RunnerTestSupport {

  static KubernetesClient client;

  @Override
  KubernetesClient client() {
    return client;
  }

  static Service service(String namespace, String name, String app) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", app)
        .addNewPort()
        .withName("web")
        .withPort(9090)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  Service get(String namespace, String name) {
    return client.services().inNamespace(namespace).withName(name).get();
  }

  /** One HTTP/1.0 request on a new connection; the body, or the exception. */
  static String httpGet(String address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      String response = out.toString(StandardCharsets.UTF_8);
      if (!response.startsWith("HTTP/1.1 200")) {
        throw new IOException("unexpected answer: " + response);
      }
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void aServiceGetsItsOwnAddressNamedInTheHostsFileAndReachableFromAPod() throws Exception {
    startRunner();
    Path ready = home.resolve("ready");
    Files.writeString(ready, "yes");
    client
        .apps()
        .deployments()
        .resource(
            DeploymentControllerTest.deployment(
                "svc-ns", "api", 1, DeploymentControllerTest.server(ready, "hello from api")))
        .create();
    client.services().resource(service("svc-ns", "api", "api")).create();

    eventually().until(() -> get("svc-ns", "api").getSpec().getClusterIP() != null);
    String address = get("svc-ns", "api").getSpec().getClusterIP();
    assertThat(address).startsWith("127.").isNotEqualTo("127.0.0.1");
    assertThat(get("svc-ns", "api").getSpec().getClusterIPs()).containsExactly(address);
    eventually()
        .until(
            () ->
                Files.readString(home.resolve("hosts"))
                    .contains(
                        address + " api.svc-ns api.svc-ns.svc api.svc-ns.svc.cluster.local\n"));
    assertThat(Files.readString(home.resolve("hosts"))).contains("127.0.0.1 localhost");
    // A pod of the namespace also finds it by its short name, as the DNS search path allows.
    assertThat(home.resolve("runner/hosts/svc-ns"))
        .content()
        .contains(address + " api api.svc-ns api.svc-ns.svc ");

    eventually()
        .until(
            () -> {
              Endpoints e = client.endpoints().inNamespace("svc-ns").withName("api").get();
              return e != null
                  && !e.getSubsets().isEmpty()
                  && e.getSubsets().get(0).getAddresses() != null
                  && !e.getSubsets().get(0).getAddresses().isEmpty();
            });
    Endpoints endpoints = client.endpoints().inNamespace("svc-ns").withName("api").get();
    Pod pod = pods("svc-ns").get(0);
    EndpointAddress endpoint = endpoints.getSubsets().get(0).getAddresses().get(0);
    assertThat(endpoint.getIp()).isEqualTo(pod.getStatus().getPodIP());
    assertThat(endpoint.getTargetRef().getName()).isEqualTo(pod.getMetadata().getName());
    assertThat(endpoints.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(httpGet(address, 9090)).isEqualTo("hello from api");

    // Other JVMs, started as pods, find the Service by its DNS names through the hosts file.
    assertThat(fetchFromAPod("svc-ns", "client", "http://api.svc-ns.svc:9090/"))
        .isEqualTo("fetched 200 hello from api");
    assertThat(fetchFromAPod("svc-ns", "short", "http://api:9090/"))
        .isEqualTo("fetched 200 hello from api");
  }

  /** Runs a Job whose pod GETs the URL; its report (termination message). */
  String fetchFromAPod(String namespace, String name, String url) {
    client
        .batch()
        .v1()
        .jobs()
        .resource(
            JobControllerTest.trainerLikeJob(
                    namespace, name, 0, container("client", "TEST_FETCH_URL=" + url))
                .build())
        .create();
    eventually()
        .until(
            () -> {
              Job j = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
              return JobControllerTest.condition(j, "Complete").isPresent()
                  || JobControllerTest.condition(j, "Failed").isPresent();
            });
    Pod pod =
        pods(namespace).stream()
            .filter(p -> p.getMetadata().getName().startsWith(name + "-"))
            .findFirst()
            .orElseThrow();
    return JobControllerTest.terminated(pod).getMessage();
  }

  @Test
  void withNoReadyEndpointTheServiceRefusesConnections() throws Exception {
    startRunner();
    Path ready = home.resolve("ready-later");
    client
        .apps()
        .deployments()
        .resource(
            DeploymentControllerTest.deployment(
                "svc-refuse", "api", 1, DeploymentControllerTest.server(ready, "up")))
        .create();
    client.services().resource(service("svc-refuse", "api", "api")).create();
    eventually()
        .until(
            () -> {
              Endpoints e = client.endpoints().inNamespace("svc-refuse").withName("api").get();
              return e != null
                  && !e.getSubsets().isEmpty()
                  && e.getSubsets().get(0).getNotReadyAddresses() != null;
            });
    String address = get("svc-refuse", "api").getSpec().getClusterIP();

    assertThatThrownBy(() -> httpGet(address, 9090))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("refused");

    Files.writeString(ready, "yes");
    eventually().ignoreExceptions().until(() -> httpGet(address, 9090).equals("up"));
  }

  @Test
  void aServiceKeepsItsAddressAcrossRunnerRestarts() throws Exception {
    startRunner();
    client.services().resource(service("svc-stable", "api", "api")).create();
    eventually().until(() -> get("svc-stable", "api").getSpec().getClusterIP() != null);
    String first = get("svc-stable", "api").getSpec().getClusterIP();
    runner.close();

    client.services().inNamespace("svc-stable").withName("api").delete();
    client.services().resource(service("svc-stable", "other", "other")).create();
    client.services().resource(service("svc-stable", "api", "api")).create();
    startRunner();

    eventually()
        .until(
            () ->
                get("svc-stable", "api").getSpec().getClusterIP() != null
                    && get("svc-stable", "other").getSpec().getClusterIP() != null);
    assertThat(get("svc-stable", "api").getSpec().getClusterIP()).isEqualTo(first);
    assertThat(get("svc-stable", "other").getSpec().getClusterIP()).isNotEqualTo(first);
  }

  @Test
  void connectionsAreSpreadOverTheReadyEndpoints() throws Exception {
    startRunner();
    Path ready = home.resolve("ready");
    Files.writeString(ready, "yes");
    for (String name : List.of("one", "two")) {
      client
          .pods()
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace("svc-rr")
                  .addToLabels("app", "api")
                  .endMetadata()
                  .withNewSpec()
                  .withContainers(DeploymentControllerTest.server(ready, name))
                  .endSpec()
                  .build())
          .create();
    }
    client.services().resource(service("svc-rr", "api", "api")).create();
    eventually()
        .until(
            () -> {
              Endpoints e = client.endpoints().inNamespace("svc-rr").withName("api").get();
              return e != null
                  && !e.getSubsets().isEmpty()
                  && e.getSubsets().get(0).getAddresses() != null
                  && e.getSubsets().get(0).getAddresses().size() == 2;
            });
    String address = get("svc-rr", "api").getSpec().getClusterIP();
    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      answers.add(httpGet(address, 9090));
    }
    assertThat(answers).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void aTemplateChangeRollsToANewPodWithoutRefusingAConnection() throws Exception {
    startRunner();
    Path ready = home.resolve("ready");
    Files.writeString(ready, "yes");
    Deployment web =
        DeploymentControllerTest.deployment(
            "svc-roll", "web", 2, DeploymentControllerTest.server(ready, "v1"));
    web.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .add(new io.fabric8.kubernetes.api.model.EnvVar("TEST_READY_AFTER_MS", "1500", null));
    client.apps().deployments().resource(web).create();
    client.services().resource(service("svc-roll", "web", "web")).create();
    eventually()
        .until(
            () ->
                DeploymentControllerTest.available(
                    client.apps().deployments().inNamespace("svc-roll").withName("web").get()));
    eventually().until(() -> get("svc-roll", "web").getSpec().getClusterIP() != null);
    String address = get("svc-roll", "web").getSpec().getClusterIP();
    eventually().ignoreExceptions().until(() -> httpGet(address, 9090).equals("v1"));
    String oldPod = pods("svc-roll").get(0).getMetadata().getName();
    long oldPid = pid(pods("svc-roll").get(0), "server");

    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    Thread loop =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  seen.add(httpGet(address, 9090));
                  requests.incrementAndGet();
                } catch (IOException e) {
                  failures.add(e.toString());
                }
              }
            });
    loop.start();
    try {
      client
          .apps()
          .deployments()
          .inNamespace("svc-roll")
          .withName("web")
          .edit(
              d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("TEST_REPLY"))
                    .forEach(e -> e.setValue("v2"));
                return d;
              });
      // The new pod answers; the old one is gone, its process stopped.
      eventually()
          .until(
              () ->
                  seen.contains("v2")
                      && pods("svc-roll").stream()
                          .noneMatch(p -> p.getMetadata().getName().equals(oldPod))
                      && !alive(oldPid));
      int after = requests.get();
      eventually().until(() -> requests.get() > after + 20);
    } finally {
      running.set(false);
      loop.join();
    }
    assertThat(failures).as("connections that failed during the rollout").isEmpty();
    assertThat(seen).containsExactlyInAnyOrder("v1", "v2");
    Deployment rolled = client.apps().deployments().inNamespace("svc-roll").withName("web").get();
    eventually()
        .until(
            () ->
                DeploymentControllerTest.condition(
                        client.apps().deployments().inNamespace("svc-roll").withName("web").get(),
                        "Progressing")
                    .map(c -> c.getReason())
                    .orElse("")
                    .equals("NewReplicaSetAvailable"));
    assertThat(rolled.getStatus().getObservedGeneration())
        .isEqualTo(rolled.getMetadata().getGeneration());
    System.out.printf(
        "MEASURE rollout: %d requests through the Service, %d failed%n",
        requests.get(), failures.size());
  }
}
