package io.drover.local.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The store on disk: {@code <home>/state/objects.json}, every object and the resource version
 * reached, written whole to a temporary file and moved over the old one, so a crash leaves either
 * the old or the new state, never half of one.
 */
public final class StateFile {

  /**
   * What a state file holds.
   *
   * @param resourceVersion the store's resource version when it was written
   * @param objects every object, as stored
   */
  public record State(long resourceVersion, List<ObjectNode> objects) {}

  private final Path file;

  public StateFile(Path directory) {
    this.file = directory.resolve("objects.json");
  }

  public Path path() {
    return file;
  }

  /** The saved state, or an empty one when nothing was saved yet. */
  public State load() {
    if (!Files.exists(file)) {
      return new State(0, List.of());
    }
    try {
      JsonNode saved = Json.MAPPER.readTree(file.toFile());
      List<ObjectNode> objects = new ArrayList<>();
      saved.path("objects").forEach(o -> objects.add((ObjectNode) o));
      return new State(saved.path("resourceVersion").asLong(0), objects);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local API state " + file, e);
    }
  }

  public void save(State state) {
    ObjectNode saved = Json.MAPPER.createObjectNode();
    saved.put("resourceVersion", state.resourceVersion());
    ArrayNode objects = saved.putArray("objects");
    state.objects().forEach(objects::add);
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Json.MAPPER.writeValue(temporary.toFile(), saved);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local API state " + file, e);
    }
  }
}
