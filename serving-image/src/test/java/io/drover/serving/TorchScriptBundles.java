package io.drover.serving;

import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript bundle made in the test, as a Python exporter would ship one: a softmax regression
 * fitted here on iris, written as a real TorchScript archive ({@code torch.jit.save}'s layout:
 * pickled module, TorchScript source, constants, version) that libtorch compiles when the server
 * loads it. The module standardizes its input itself and answers probabilities, so the manifest
 * says {@code center 0, scale 1} and {@code kind: probabilities}. Python and PyTorch are not on
 * these machines, hence the archive is written by hand; its weights are literals in the source.
 */
public final class TorchScriptBundles {

  private TorchScriptBundles() {}

  /** The fitted model, in double precision, as the reference for the served answers. */
  public record SoftmaxRegression(double[] centers, double[] scales, double[][] w, double[] b) {
    public double[] probabilities(double[] row) {
      double[] logits = new double[b.length];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < b.length; k++) {
        logits[k] = b[k];
        for (int f = 0; f < row.length; f++) {
          logits[k] += w[k][f] * (row[f] - centers[f]) / scales[f];
        }
        max = Math.max(max, logits[k]);
      }
      double sum = 0;
      for (int k = 0; k < logits.length; k++) {
        logits[k] = Math.exp(logits[k] - max);
        sum += logits[k];
      }
      for (int k = 0; k < logits.length; k++) {
        logits[k] /= sum;
      }
      return logits;
    }
  }

  private static SoftmaxRegression fitted;

  public static synchronized SoftmaxRegression model() {
    if (fitted == null) {
      fitted = fit(TestBundles.rows(TestBundles.irisData()));
    }
    return fitted;
  }

  /** Full-batch gradient descent on cross-entropy; a few hundred steps fit iris well. */
  static SoftmaxRegression fit(List<String[]> rows) {
    List<String> labels = labels(rows);
    int n = rows.size();
    int features = rows.get(0).length - 1;
    double[][] x = rows.stream().map(TestBundles::features).toArray(double[][]::new);
    double[] centers = new double[features];
    double[] scales = new double[features];
    for (int f = 0; f < features; f++) {
      for (double[] row : x) {
        centers[f] += row[f] / n;
      }
      for (double[] row : x) {
        scales[f] += (row[f] - centers[f]) * (row[f] - centers[f]) / n;
      }
      scales[f] = Math.sqrt(scales[f]);
    }
    double[][] w = new double[labels.size()][features];
    double[] b = new double[labels.size()];
    for (int step = 0; step < 500; step++) {
      SoftmaxRegression current = new SoftmaxRegression(centers, scales, w, b);
      double[][] gw = new double[w.length][features];
      double[] gb = new double[b.length];
      for (int i = 0; i < n; i++) {
        double[] p = current.probabilities(x[i]);
        int truth = labels.indexOf(rows.get(i)[features]);
        for (int k = 0; k < b.length; k++) {
          double error = p[k] - (k == truth ? 1 : 0);
          gb[k] += error / n;
          for (int f = 0; f < features; f++) {
            gw[k][f] += error * (x[i][f] - centers[f]) / scales[f] / n;
          }
        }
      }
      for (int k = 0; k < b.length; k++) {
        b[k] -= 0.5 * gb[k];
        for (int f = 0; f < features; f++) {
          w[k][f] -= 0.5 * gw[k][f];
        }
      }
    }
    return new SoftmaxRegression(centers, scales, w, b);
  }

  public static List<String> labels(List<String[]> rows) {
    return new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r[r.length - 1]).toList()));
  }

  /** Writes the bundle next to the iris bundle, borrowing its training baseline for drift. */
  public static synchronized Path iris() {
    Path bundle = Path.of("target", "test-bundles", "iris-torchscript").toAbsolutePath();
    Path mlp = TestBundles.iris();
    try {
      TestBundles.deleteRecursively(bundle);
      Files.createDirectories(bundle);
      SoftmaxRegression model = model();
      writeArchive(bundle.resolve("model.pt"), model);
      Files.copy(
          mlp.resolve(ModelBundles.BASELINE_FILE), bundle.resolve(ModelBundles.BASELINE_FILE));
      ModelManifest source = ModelBundles.readManifest(mlp);
      List<ModelManifest.Feature> features =
          source.input().features().stream()
              .map(f -> new ModelManifest.Feature(f.name(), f.type(), 0, 1))
              .toList();
      ModelManifest manifest =
          new ModelManifest(
              ModelBundles.API_VERSION,
              "iris-ts",
              "ts-1",
              "torchscript",
              "PyTorch",
              new ModelManifest.Architecture("torchscript", features.size(), List.of(), null, 3),
              "model.pt",
              new ModelManifest.InputSchema(features),
              new ModelManifest.OutputSchema(
                  source.output().labelColumn(), source.output().labels(), "probabilities"),
              Map.of(),
              Map.of("steps", "500"),
              source.dataset(),
              null,
              null,
              "2026-11-22T00:00:00Z");
      ModelBundles.write(bundle.resolve(ModelBundles.MANIFEST_FILE), manifest);
      return bundle;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeArchive(Path file, SoftmaxRegression model) throws IOException {
    String code =
        """
        class IrisRegression(Module):
          __parameters__ = []
          __buffers__ = []
          training : bool
          def forward(self: __torch__.IrisRegression,
            x: Tensor) -> Tensor:
            center = torch.tensor(%s)
            scale = torch.tensor(%s)
            weight = torch.tensor(%s)
            bias = torch.tensor(%s)
            logits = torch.linear(torch.div(torch.sub(x, center), scale), weight, bias)
            return torch.softmax(logits, 1)
        """
            .formatted(
                literal(model.centers()),
                literal(model.scales()),
                literal(model.w()),
                literal(model.b()));
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      stored(zip, "model/data.pkl", pickledModule("IrisRegression"));
      stored(zip, "model/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      stored(zip, "model/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, "model/version", "3\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The module object as TorchScript's pickler writes it (protocol 2): {@code GLOBAL __torch__
   * <class>, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, 'training', False, SETITEMS, BUILD, STOP}.
   */
  private static byte[] pickledModule(String className) {
    ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
    pickle.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
    pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '('});
    byte[] training = "training".getBytes(StandardCharsets.US_ASCII);
    pickle.write('X');
    pickle.writeBytes(new byte[] {(byte) training.length, 0, 0, 0});
    pickle.writeBytes(training);
    pickle.writeBytes(new byte[] {(byte) 0x89, 'u', 'b', '.'});
    return pickle.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  private static String literal(double[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(number(values[i]));
    }
    return text.append(']').toString();
  }

  private static String literal(double[][] rows) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < rows.length; i++) {
      text.append(i == 0 ? "" : ", ").append(literal(rows[i]));
    }
    return text.append(']').toString();
  }

  /** A float literal TorchScript reads: plain digits, always with a decimal point. */
  private static String number(double value) {
    String plain = new BigDecimal(value).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
