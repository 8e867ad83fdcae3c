package io.drover.contract.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes the files of a model bundle: a flat directory holding the manifest, the weights,
 * the training baseline and the evaluation report.
 */
public final class ModelBundles {

  /** The bundle format version this code reads and writes. */
  public static final String API_VERSION = "drover.io/model-bundle/v1";

  public static final String MANIFEST_FILE = "drover-model.json";
  public static final String BASELINE_FILE = "baseline.json";
  public static final String EVALUATION_FILE = "evaluation.json";
  public static final String VALIDATION_FILE = "validation.json";

  /** The held-out test split, so another model can be evaluated on exactly the same rows. */
  public static final String TEST_DATA_FILE = "test.csv";

  /** The format of the reference trainer's multi-layer perceptrons. */
  public static final String FORMAT_MLP = "drover-mlp";

  public static final String ARCHITECTURE_MLP = "mlp";

  /** Most values per feature kept in the baseline's sample. */
  public static final int BASELINE_SAMPLE_LIMIT = 1000;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelBundles() {}

  /**
   * Reads and checks a bundle's manifest.
   *
   * @throws InvalidBundleException naming the file and what is wrong with it
   */
  public static ModelManifest readManifest(Path bundle) {
    Path file = bundle.resolve(MANIFEST_FILE);
    ModelManifest manifest = read(file, ModelManifest.class);
    List<String> missing = new ArrayList<>();
    if (manifest.name() == null) missing.add("name");
    if (manifest.format() == null) missing.add("format");
    if (manifest.weights() == null) missing.add("weights");
    if (manifest.architecture() == null) missing.add("architecture");
    if (manifest.input() == null || manifest.input().features().isEmpty()) {
      missing.add("input.features");
    }
    if (manifest.output() == null || manifest.output().labels().isEmpty()) {
      missing.add("output.labels");
    }
    if (!missing.isEmpty()) {
      throw new InvalidBundleException(file + " lacks " + String.join(", ", missing));
    }
    if (manifest.apiVersion() != null && !API_VERSION.equals(manifest.apiVersion())) {
      throw new InvalidBundleException(
          "%s has apiVersion %s; this reader understands %s"
              .formatted(file, manifest.apiVersion(), API_VERSION));
    }
    return manifest;
  }

  public static TrainingBaseline readBaseline(Path bundle) {
    return read(bundle.resolve(BASELINE_FILE), TrainingBaseline.class);
  }

  public static EvaluationReport readEvaluation(Path bundle) {
    return read(bundle.resolve(EVALUATION_FILE), EvaluationReport.class);
  }

  public static DataValidationReport readValidation(Path bundle) {
    return read(bundle.resolve(VALIDATION_FILE), DataValidationReport.class);
  }

  /** Writes any bundle document as indented JSON, replacing the file. */
  public static void write(Path file, Object document) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(document) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Digest over a bundle's files: SHA-256 of the text {@code sha256sum} prints for them, one line
   * {@code <hex> <name>\n} per regular file, sorted by name (byte order). Equal to {@code cd bundle
   * && sha256sum $(ls | LC_ALL=C sort) | sha256sum}.
   *
   * @return {@code sha256:<hex>}
   */
  public static String digest(Path bundle) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(bundle)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .sorted((a, b) -> compareBytes(a.getFileName(), b.getFileName()))
              .toList();
    }
    StringBuilder listing = new StringBuilder();
    for (Path file : files) {
      listing.append(sha256Hex(file)).append("  ").append(file.getFileName()).append('\n');
    }
    return "sha256:" + hex(sha256().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 of a file's bytes as lower-case hex. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest.digest());
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      T document = JSON.readValue(file.toFile(), type);
      if (document == null) {
        throw new InvalidBundleException(file + " is empty");
      }
      return document;
    } catch (JsonProcessingException e) {
      throw new InvalidBundleException(
          "%s is not a valid %s: %s".formatted(file, type.getSimpleName(), e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      boolean absent = e instanceof NoSuchFileException || !Files.exists(file);
      throw new InvalidBundleException(
          absent ? file + " does not exist" : "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static int compareBytes(Path a, Path b) {
    return Arrays.compareUnsigned(
        a.toString().getBytes(StandardCharsets.UTF_8),
        b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
