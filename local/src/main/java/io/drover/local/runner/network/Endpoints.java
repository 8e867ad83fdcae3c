package io.drover.local.runner.network;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the endpoints controller computes for a Service: the pods its selector picks, each with the
 * port every Service port targets on it (a named target port is looked up in the pod's containers;
 * a pod without that port is no endpoint of it), ready or not.
 */
final class Endpoints {

  /** A selected pod with its resolved target ports, in the order of the Service's ports. */
  record Member(Pod pod, String address, boolean ready, List<Integer> ports) {}

  private Endpoints() {}

  static List<Member> members(Service service, List<Pod> pods) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    List<Member> members = new ArrayList<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
        continue;
      }
      if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
        continue;
      }
      String phase = pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      if (pod.getMetadata().getDeletionTimestamp() != null && !publishNotReady) {
        continue;
      }
      List<Integer> ports = new ArrayList<>();
      for (ServicePort port : service.getSpec().getPorts()) {
        ports.add(targetPort(port, pod).orElse(null));
      }
      members.add(
          new Member(pod, pod.getStatus().getPodIP(), publishNotReady || isReady(pod), ports));
    }
    members.sort(Comparator.comparing(Member::address));
    return members;
  }

  /** The backends of the Service's {@code index}-th port: ready members that have it. */
  static List<PortForwarder.Backend> backends(List<Member> members, int index) {
    return members.stream()
        .filter(m -> m.ready() && m.ports().get(index) != null)
        .map(m -> new PortForwarder.Backend(m.address(), m.ports().get(index)))
        .toList();
  }

  /**
   * The Endpoints subsets: members grouped by the ports they resolve to, ready ones as addresses
   * and the others as notReadyAddresses, sorted so the same state always reads the same.
   */
  static List<EndpointSubset> subsets(Service service, List<Member> members) {
    Map<List<Integer>, EndpointSubsetBuilder> byPorts = new LinkedHashMap<>();
    List<ServicePort> servicePorts = service.getSpec().getPorts();
    for (Member member : members) {
      if (member.ports().stream().allMatch(Objects::isNull)) {
        continue;
      }
      EndpointSubsetBuilder subset =
          byPorts.computeIfAbsent(
              member.ports(),
              ports -> {
                List<EndpointPort> endpointPorts = new ArrayList<>();
                for (int i = 0; i < servicePorts.size(); i++) {
                  if (ports.get(i) != null) {
                    ServicePort sp = servicePorts.get(i);
                    endpointPorts.add(
                        new EndpointPortBuilder()
                            .withName(sp.getName())
                            .withPort(ports.get(i))
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .build());
                  }
                }
                return new EndpointSubsetBuilder().withPorts(endpointPorts);
              });
      EndpointAddress address =
          new EndpointAddressBuilder()
              .withIp(member.address())
              .withNewTargetRef()
              .withKind("Pod")
              .withNamespace(member.pod().getMetadata().getNamespace())
              .withName(member.pod().getMetadata().getName())
              .withUid(member.pod().getMetadata().getUid())
              .endTargetRef()
              .build();
      if (member.ready()) {
        subset.addToAddresses(address);
      } else {
        subset.addToNotReadyAddresses(address);
      }
    }
    return byPorts.values().stream().map(EndpointSubsetBuilder::build).toList();
  }

  private static Optional<Integer> targetPort(ServicePort port, Pod pod) {
    IntOrString target = port.getTargetPort();
    if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
      return Optional.of(port.getPort());
    }
    if (target.getIntVal() != null) {
      return Optional.of(target.getIntVal());
    }
    String name = target.getStrVal();
    if (name.chars().allMatch(Character::isDigit)) {
      return Optional.of(Integer.parseInt(name));
    }
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getPorts() != null)
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst();
  }

  static boolean isReady(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(PodCondition::getStatus)
        .anyMatch("True"::equals);
  }
}
