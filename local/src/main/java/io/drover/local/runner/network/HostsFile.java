package io.drover.local.runner.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hosts file pods resolve names with ({@code -Djdk.net.hosts.file}): {@code localhost} and this
 * machine's name, then {@code <name>.<ns>.svc} and {@code <name>.<ns>.svc.cluster.local} for every
 * Service. The JDK reads the file on every lookup, so it is replaced atomically (write, then
 * rename): a reader sees the old file or the new one, never half of one.
 */
public final class HostsFile {

  private final Path file;
  private final String machine;
  private final Map<String, String> services = new TreeMap<>();
  private String written;

  public HostsFile(Path file) {
    this.file = file;
    this.machine = machineName();
  }

  /** Maps the Service's names to its address ({@code null} removes them). */
  public synchronized void put(String namespace, String name, String address) {
    String key = name + "." + namespace + ".svc";
    if (address == null) {
      services.remove(key);
    } else {
      services.put(key, address);
    }
    write();
  }

  public synchronized void write() {
    StringBuilder text =
        new StringBuilder("# Written by the Drover local runner: every Service's address.\n");
    text.append("127.0.0.1 localhost");
    if (machine != null && !machine.equals("localhost")) {
      text.append(' ').append(machine);
    }
    text.append('\n');
    services.forEach(
        (svc, address) ->
            text.append(address)
                .append(' ')
                .append(svc)
                .append(' ')
                .append(svc)
                .append(".cluster.local\n"));
    String content = text.toString();
    if (content.equals(written)) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written = content;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the hosts file " + file, e);
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
