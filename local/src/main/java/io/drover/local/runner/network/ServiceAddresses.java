package io.drover.local.runner.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each Service's own loopback address in {@code 127.1.0.0/16}, kept in {@code
 * <home>/runner/service-addresses.json} so a Service keeps its address across runner restarts (and
 * when it is deleted and created again: clients that cached the name still reach it).
 */
public final class ServiceAddresses {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SIZE = 254 * 256;

  private final Path file;
  private final TreeMap<String, String> byService;
  private final Set<String> taken;

  public ServiceAddresses(Path file) {
    this.file = file;
    this.byService = load(file);
    this.taken = new HashSet<>(byService.values());
  }

  /** The Service's address ({@code namespace/name}), allocated and persisted on first use. */
  public synchronized String addressOf(String service) {
    String known = byService.get(service);
    if (known != null) {
      return known;
    }
    for (int n = 0; n < SIZE; n++) {
      String address = "127.1." + (n / 254) + "." + (n % 254 + 1);
      if (taken.add(address)) {
        byService.put(service, address);
        save();
        return address;
      }
    }
    throw new IllegalStateException("all service addresses in 127.1.0.0/16 are allocated");
  }

  public synchronized Collection<String> services() {
    return Set.copyOf(byService.keySet());
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), byService);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save service addresses to " + file, e);
    }
  }

  private static TreeMap<String, String> load(Path file) {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read service addresses from " + file + " (delete it to start afresh)", e);
    }
  }
}
