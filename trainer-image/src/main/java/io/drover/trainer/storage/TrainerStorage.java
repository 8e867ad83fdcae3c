package io.drover.trainer.storage;

import io.drover.contract.DatasetSource;
import io.drover.contract.StorageEnvironment;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.serving.FeedbackDataset;
import io.drover.storage.BundleStore;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageException;
import io.drover.storage.StorageLocation;
import io.drover.storage.StorageSettings;
import io.drover.trainer.ExitCode;
import io.drover.trainer.TrainerFailure;
import io.drover.trainer.config.ContainerPaths;
import io.drover.trainer.config.RunEnvironment;
import io.drover.trainer.data.DataLocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The seam between the contract's locations and the files the trainer reads and writes. A path
 * stays a path; an {@code s3://} location is fetched into a scratch directory before it is read
 * (data sets are streamed to disk, never held in memory, so the pod's {@code /tmp} volume needs
 * room for them), and an {@code s3://} output is written locally and then uploaded. The object
 * store is contacted only when a location names one.
 */
public final class TrainerStorage implements AutoCloseable {

  private final Map<String, String> env;
  private final PrintStream log;
  private ObjectStore store;
  private Path scratch;

  private TrainerStorage(Map<String, String> env, PrintStream log) {
    this.env = env;
    this.log = log;
  }

  /** Never fails: the storage settings are read when a location first needs them. */
  public static TrainerStorage from(Map<String, String> env, PrintStream log) {
    return new TrainerStorage(env, log);
  }

  /**
   * A file or directory to read: the path itself, or a local copy of the object (or of the objects
   * under the prefix) it names.
   *
   * @param variable the environment variable the location came from, named in errors
   */
  public Path input(String variable, String uri) {
    StorageLocation location = parse(variable, uri);
    if (location == null) {
      return ContainerPaths.resolve(variable, uri);
    }
    Path local = guarded(variable, () -> store().fetch(location, scratch(variable)));
    log.printf("fetched %s to %s%n", location, local);
    return local;
  }

  /**
   * The further sources of a data set ({@code DROVER_DATASET_SOURCES}), each as {@link #input}
   * gives it, except that an {@code s3://} prefix with no objects under it yet (a feedback data set
   * no server has written to) is an empty folder, as a folder missing from a volume is. A missing
   * {@code *.csv} object still fails, naming it.
   */
  public List<DataLocation> sources(List<DatasetSource> sources) {
    List<DataLocation> locations = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      String name = RunEnvironment.sourceName(i);
      String uri = sources.get(i).uri();
      locations.add(new DataLocation(name, uri, source(name, uri)));
    }
    return List.copyOf(locations);
  }

  private Path source(String variable, String uri) {
    StorageLocation location = parse(variable, uri);
    if (location == null) {
      return ContainerPaths.resolve(variable, uri);
    }
    Path local =
        guarded(
            variable,
            () -> {
              try {
                return store().fetch(location, scratch(variable));
              } catch (StorageException e) {
                if (e.reason() != StorageException.Reason.OBJECT_NOT_FOUND
                    || location.name().endsWith(FeedbackDataset.FILE_SUFFIX)) {
                  throw e;
                }
                log.printf("%s: no objects under %s yet; it adds no rows%n", variable, location);
                return scratch(variable);
              }
            });
    log.printf("fetched %s to %s%n", location, local);
    return local;
  }

  /**
   * A model bundle to read, checked against {@value StorageEnvironment#BUNDLE_DIGEST} when {@code
   * verify} is set and the variable is given (whether the bundle is on a volume or in a bucket).
   */
  public Path bundle(String variable, String uri, boolean verify) {
    StorageLocation location = parse(variable, uri);
    String expected = verify ? blankToNull(env.get(StorageEnvironment.BUNDLE_DIGEST)) : null;
    if (location == null) {
      Path local = ContainerPaths.resolve(variable, uri);
      if (expected != null && Files.isDirectory(local)) {
        String actual = digest(local);
        if (!expected.equals(actual)) {
          throw TrainerFailure.invalidInput(
              "%s: bundle %s has digest %s, not %s as expected (%s)"
                  .formatted(variable, uri, actual, expected, StorageEnvironment.BUNDLE_DIGEST));
        }
      }
      return local;
    }
    BundleStore.FetchedBundle fetched =
        guarded(
            variable, () -> new BundleStore(store()).fetch(location, scratch(variable), expected));
    log.printf("fetched bundle %s (%s)%n", location, fetched.digest());
    return fetched.directory();
  }

  /** Where results go: the path itself, or a local staging directory uploaded when published. */
  public Output output(String variable, String uri) {
    StorageLocation location = parse(variable, uri);
    if (location == null) {
      return new Output(variable, null, ContainerPaths.resolve(variable, uri));
    }
    return new Output(variable, location, scratch(variable));
  }

  /** A location written by the trainer. */
  public final class Output {
    private final String variable;
    private final StorageLocation remote;
    private final Path path;

    private Output(String variable, StorageLocation remote, Path path) {
      this.variable = variable;
      this.remote = remote;
      this.path = path;
    }

    /** The local directory to write into. */
    public Path path() {
      return path;
    }

    /**
     * Fails early, before training, when an object-store output cannot be written: writes and
     * removes a probe object, which checks the bucket, the credentials and the network path.
     */
    public void checkWritable() {
      if (remote == null) {
        return;
      }
      StorageLocation probe = remote.resolve(".drover-write-check");
      guarded(
          variable,
          () -> {
            store().write(probe, "write check\n".getBytes(StandardCharsets.UTF_8));
            store().delete(probe);
            return null;
          });
    }

    /**
     * Uploads the bundle written to {@link #path()} (manifest last, stale objects removed); nothing
     * to do for a path.
     */
    public void publishBundle() {
      if (remote == null) {
        return;
      }
      String digest = guarded(variable, () -> new BundleStore(store()).publish(path, remote));
      log.printf("uploaded bundle to %s (%s)%n", remote, digest);
    }

    /** Uploads the files written to {@link #path()}, adding to what is at the location. */
    public void publishFiles() {
      if (remote == null) {
        return;
      }
      guarded(
          variable,
          () -> {
            store().uploadDirectory(path, remote);
            return null;
          });
      log.printf("uploaded %s to %s%n", path, remote);
    }
  }

  /** Removes the local copies. */
  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    if (scratch != null) {
      try (Stream<Path> paths = Files.walk(scratch)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        log.printf("could not remove the scratch directory %s: %s%n", scratch, e.getMessage());
      }
    }
  }

  private ObjectStore store() {
    if (store == null) {
      store = ObjectStore.connect(StorageSettings.from(env));
    }
    return store;
  }

  /** A fresh directory per variable under one scratch directory in {@code java.io.tmpdir}. */
  private Path scratch(String variable) {
    try {
      if (scratch == null) {
        scratch = Files.createTempDirectory("drover-storage-");
      }
      return Files.createDirectories(scratch.resolve(variable));
    } catch (IOException e) {
      throw new TrainerFailure(
          ExitCode.INTERNAL_ERROR,
          "%s: no room for a local copy in %s (%s)"
              .formatted(variable, System.getProperty("java.io.tmpdir"), e.getMessage()),
          e);
    }
  }

  /** The object-store location, or {@code null} for a path. */
  private static StorageLocation parse(String variable, String uri) {
    if (uri == null || uri.isBlank()) {
      throw TrainerFailure.invalidInput(variable + " is not set; it must name a path");
    }
    if (!uri.strip().regionMatches(true, 0, "s3://", 0, 5)) {
      return null; // a path: ContainerPaths judges it, as before object storage
    }
    try {
      return StorageLocation.parse(variable, uri);
    } catch (StorageException e) {
      throw TrainerFailure.invalidInput(e.getMessage());
    }
  }

  private interface Action<T> {
    T run();
  }

  /** Storage failures become the trainer's: a retry helps only a transient one. */
  private static <T> T guarded(String variable, Action<T> action) {
    try {
      return action.run();
    } catch (StorageException e) {
      throw new TrainerFailure(
          e.reason().isTransient() ? ExitCode.INTERNAL_ERROR : ExitCode.INVALID_INPUT,
          variable + ": " + e.getMessage(),
          e);
    }
  }

  private static String digest(Path bundle) {
    try {
      return ModelBundles.digest(bundle);
    } catch (IOException e) {
      throw TrainerFailure.invalidInput("cannot read bundle " + bundle + ": " + e.getMessage());
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
