package io.drover.local.runner.network;

import io.drover.local.runner.control.Keys;
import io.drover.local.runner.control.ReconcileLoop;
import io.drover.local.runner.events.EventRecorder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kube-proxy and the endpoints controller: every Service gets its own loopback address
 * (written as {@code spec.clusterIP} when empty, and into the hosts file under its DNS names), an
 * {@code Endpoints} object listing the pods its selector picks, and a listener on each TCP port
 * that forwards to a ready pod. Services without a selector get no endpoints here, ExternalName
 * Services no address; a headless Service ({@code clusterIP: None}) resolves to its first ready
 * pod.
 */
public final class ServiceProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
  private static final String COMPONENT = "kube-proxy";
  private static final Duration BIND_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Indexer<Service> services;
  private final Indexer<Pod> pods;
  private final ServiceAddresses addresses;
  private final HostsFile hosts;
  private final EventRecorder events;
  private final ReconcileLoop loop;
  private final ExecutorService pumps =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "service-forward");
            t.setDaemon(true);
            return t;
          });

  /** Service key → its forwarders by port index key ({@code port/protocol}). */
  private final Map<String, Map<String, PortForwarder>> forwarders = new HashMap<>();

  private final Map<String, List<EndpointSubset>> writtenEndpoints = new HashMap<>();
  private final Set<String> warned = new HashSet<>();

  public ServiceProxy(
      KubernetesClient client,
      Indexer<Service> services,
      Indexer<Pod> pods,
      Path home,
      HostsFile hosts,
      EventRecorder events) {
    this.client = client;
    this.services = services;
    this.pods = pods;
    this.addresses = new ServiceAddresses(home.resolve("runner/service-addresses.json"));
    this.hosts = hosts;
    this.events = events;
    this.loop = new ReconcileLoop("local-kube-proxy", this::reconcile);
  }

  public void start() {
    loop.start();
  }

  public void serviceChanged(Service service) {
    loop.enqueue(Keys.of(service));
  }

  /** A pod changed: the Services of its namespace may select it. */
  public void podChanged(Pod pod) {
    for (Service service :
        services.byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
      loop.enqueue(Keys.of(service));
    }
  }

  private void reconcile(String key) {
    Service service = services.getByKey(key);
    String namespace = Keys.namespace(key);
    String name = Keys.name(key);
    if (service == null) {
      stopForwarding(key);
      hosts.put(namespace, name, null);
      writtenEndpoints.remove(key);
      return;
    }
    if ("ExternalName".equals(service.getSpec().getType())) {
      stopForwarding(key);
      hosts.put(namespace, name, null);
      return;
    }
    List<Endpoints.Member> members =
        Endpoints.members(service, pods.byIndex(Cache.NAMESPACE_INDEX, namespace));
    writeEndpoints(service, members);
    String clusterIp = service.getSpec().getClusterIP();
    if ("None".equals(clusterIp)) {
      stopForwarding(key);
      hosts.put(
          namespace,
          name,
          members.stream()
              .filter(Endpoints.Member::ready)
              .map(Endpoints.Member::address)
              .findFirst()
              .orElse(null));
      return;
    }
    String address = addresses.addressOf(key);
    if (clusterIp == null || clusterIp.isEmpty()) {
      client
          .services()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              s -> {
                s.getSpec().setClusterIP(address);
                s.getSpec().setClusterIPs(List.of(address));
                return s;
              });
    } else if (!clusterIp.equals(address) && warned.add(key + "/clusterIP/" + clusterIp)) {
      events.warning(
          new EventRecorder.Source(COMPONENT, service, null),
          "ClusterIPNotLocal",
          "spec.clusterIP "
              + clusterIp
              + " is not an address of this machine; in local mode "
              + name
              + "."
              + namespace
              + ".svc resolves to "
              + address
              + " instead");
    }
    hosts.put(namespace, name, address);
    forward(key, service, address, members);
  }

  private void forward(
      String key, Service service, String address, List<Endpoints.Member> members) {
    Map<String, PortForwarder> current = forwarders.computeIfAbsent(key, k -> new HashMap<>());
    Set<String> wanted = new HashSet<>();
    List<ServicePort> ports = service.getSpec().getPorts();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort port = ports.get(i);
      String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      String portKey = address + ":" + port.getPort() + "/" + protocol;
      if (!"TCP".equals(protocol)) {
        warnOnce(
            service,
            portKey,
            "ProtocolNotSupported",
            "port "
                + port.getPort()
                + "/"
                + protocol
                + " is not forwarded: local mode forwards TCP only");
        continue;
      }
      wanted.add(portKey);
      List<PortForwarder.Backend> backends = Endpoints.backends(members, i);
      try {
        PortForwarder forwarder = current.get(portKey);
        if (forwarder == null) {
          forwarder = new PortForwarder(address, port.getPort(), pumps);
          current.put(portKey, forwarder);
        }
        forwarder.forwardTo(backends);
      } catch (IOException e) {
        current.remove(portKey);
        if (port.getPort() < 1024 && isPermission(e)) {
          warnOnce(
              service,
              portKey,
              "PortNotBindable",
              "cannot listen on "
                  + address
                  + ":"
                  + port.getPort()
                  + ": ports below 1024 need root; run the local runner as root or give the Service"
                  + " a port of 1024 or more. This port is not forwarded.");
        } else {
          warnOnce(
              service,
              portKey,
              "PortNotBindable",
              "cannot listen on "
                  + address
                  + ":"
                  + port.getPort()
                  + ": "
                  + e.getMessage()
                  + "; retrying every "
                  + BIND_RETRY.toSeconds()
                  + " s");
          loop.enqueueAfter(key, BIND_RETRY);
        }
      }
    }
    current
        .entrySet()
        .removeIf(
            e -> {
              if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                return true;
              }
              return false;
            });
  }

  private static boolean isPermission(IOException e) {
    return e instanceof BindException
        && e.getMessage() != null
        && e.getMessage().toLowerCase().contains("permission");
  }

  private void warnOnce(Service service, String what, String reason, String message) {
    if (warned.add(service.getMetadata().getUid() + "/" + what)) {
      LOG.warn(
          "Service {}/{}: {}",
          service.getMetadata().getNamespace(),
          service.getMetadata().getName(),
          message);
      events.warning(new EventRecorder.Source(COMPONENT, service, null), reason, message);
    }
  }

  private void writeEndpoints(Service service, List<Endpoints.Member> members) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return; // selector-less Services keep Endpoints someone else writes
    }
    String key = Keys.of(service);
    List<EndpointSubset> subsets = Endpoints.subsets(service, members);
    if (subsets.equals(writtenEndpoints.get(key))) {
      return;
    }
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    var resource = client.endpoints().inNamespace(namespace).withName(name);
    io.fabric8.kubernetes.api.model.Endpoints existing = resource.get();
    if (existing == null) {
      resource.create(
          new EndpointsBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .withLabels(service.getMetadata().getLabels())
              .endMetadata()
              .withSubsets(subsets)
              .build());
    } else if (!Objects.equals(existing.getSubsets(), subsets)) {
      resource.edit(
          e -> {
            e.setSubsets(subsets);
            return e;
          });
    }
    writtenEndpoints.put(key, subsets);
  }

  private void stopForwarding(String key) {
    Map<String, PortForwarder> current = forwarders.remove(key);
    if (current != null) {
      current.values().forEach(PortForwarder::close);
    }
  }

  @Override
  public void close() {
    loop.close();
    synchronized (this) {
      forwarders.values().forEach(m -> m.values().forEach(PortForwarder::close));
      forwarders.clear();
    }
    pumps.shutdownNow();
  }
}
