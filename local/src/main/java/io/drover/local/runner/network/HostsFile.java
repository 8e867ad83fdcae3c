package io.drover.local.runner.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hosts files names resolve with ({@code -Djdk.net.hosts.file}), standing for cluster DNS. The
 * home's {@code hosts} maps {@code localhost} and this machine's name, then for every Service
 * {@code <name>.<ns>}, {@code <name>.<ns>.svc} and {@code <name>.<ns>.svc.cluster.local}. A pod
 * gets its namespace's file ({@code runner/hosts/<ns>}), which adds the bare {@code <name>} of the
 * Services in that namespace — what the DNS search path gives a pod there. The JDK reads the file
 * on every lookup, so each is replaced atomically (write, then rename): a reader sees the old file
 * or the new one, never half of one.
 */
public final class HostsFile {

  private final Path file;
  private final Path namespaces;
  private final String machine;

  /** namespace → Service name → address. */
  private final Map<String, Map<String, String>> services = new TreeMap<>();

  private final Map<Path, String> written = new HashMap<>();
  private final TreeSet<String> podNamespaces = new TreeSet<>();

  /**
   * @param file the home's hosts file
   * @param namespaces the folder of the per-namespace files
   */
  public HostsFile(Path file, Path namespaces) {
    this.file = file;
    this.namespaces = namespaces;
    this.machine = machineName();
  }

  /** Maps the Service's names to its address ({@code null} removes them). */
  public synchronized void put(String namespace, String name, String address) {
    Map<String, String> inNamespace = services.computeIfAbsent(namespace, n -> new TreeMap<>());
    if (address == null) {
      inNamespace.remove(name);
    } else {
      inNamespace.put(name, address);
    }
    write();
  }

  /** The file a pod in this namespace resolves with; written now if it was not yet. */
  public synchronized Path forNamespace(String namespace) {
    podNamespaces.add(namespace);
    write();
    return namespaces.resolve(namespace);
  }

  public synchronized void write() {
    replace(file, content(null));
    TreeSet<String> all = new TreeSet<>(podNamespaces);
    all.addAll(services.keySet());
    for (String namespace : all) {
      replace(namespaces.resolve(namespace), content(namespace));
    }
  }

  private String content(String namespace) {
    StringBuilder text =
        new StringBuilder("# Written by the Drover local runner: every Service's address.\n");
    text.append("127.0.0.1 localhost");
    if (machine != null && !machine.equals("localhost")) {
      text.append(' ').append(machine);
    }
    text.append('\n');
    services.forEach(
        (ns, byName) ->
            byName.forEach(
                (name, address) -> {
                  text.append(address).append(' ');
                  if (ns.equals(namespace)) {
                    text.append(name).append(' ');
                  }
                  String qualified = name + "." + ns;
                  text.append(qualified)
                      .append(' ')
                      .append(qualified)
                      .append(".svc ")
                      .append(qualified)
                      .append(".svc.cluster.local\n");
                }));
    return text.toString();
  }

  private void replace(Path target, String content) {
    if (content.equals(written.get(target))) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written.put(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the hosts file " + target, e);
    }
  }

  /**
   * The machine's own name: with a hosts file the JDK resolves nothing else, and libraries ask for
   * {@code InetAddress.getLocalHost()}.
   */
  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
