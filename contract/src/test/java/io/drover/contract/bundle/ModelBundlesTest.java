package io.drover.contract.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.bundle.ModelManifest.Architecture;
import io.drover.contract.bundle.ModelManifest.DatasetSource;
import io.drover.contract.bundle.ModelManifest.Feature;
import io.drover.contract.bundle.ModelManifest.InputSchema;
import io.drover.contract.bundle.ModelManifest.OutputSchema;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import io.drover.contract.bundle.TrainingBaseline.Histogram;
import io.drover.contract.bundle.TrainingBaseline.Quantile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundlesTest {

  @TempDir Path bundle;

  static ModelManifest manifest() {
    return new ModelManifest(
        ModelBundles.API_VERSION,
        "iris",
        "iris-run-1",
        ModelBundles.FORMAT_MLP,
        "PyTorch 2.7.1",
        new Architecture("mlp", 2, List.of(8), "relu", 2),
        "model-0010.params",
        new InputSchema(
            List.of(
                new Feature("petal_length", "number", 3.7, 1.7),
                new Feature("petal_width", "number", 1.2, 0.76))),
        new OutputSchema("species", List.of("setosa", "virginica"), "logits"),
        Map.of("accuracy", 0.95),
        Map.of("epochs", "10"),
        new DatasetSource("/data/iris.csv", "v3", "sha256:abc", 150),
        "iris-run-1",
        null,
        "2026-11-22T08:00:00Z");
  }

  @Test
  void manifestReadsBackAsWritten() throws IOException {
    ModelBundles.write(bundle.resolve(ModelBundles.MANIFEST_FILE), manifest());

    ModelManifest read = ModelBundles.readManifest(bundle);

    assertThat(read).isEqualTo(manifest());
    assertThat(read.input().names()).containsExactly("petal_length", "petal_width");
    assertThat(Files.readString(bundle.resolve(ModelBundles.MANIFEST_FILE)))
        .contains("\"apiVersion\" : \"drover.io/model-bundle/v1\"")
        .doesNotContain("\"trial\"");
  }

  @Test
  void baselineEvaluationAndValidationReadBackAsWritten() throws IOException {
    TrainingBaseline baseline =
        new TrainingBaseline(
            3,
            List.of(
                new FeatureBaseline(
                    "petal_length",
                    3,
                    2,
                    0.8,
                    1,
                    3,
                    List.of(new Quantile(0.5, 2)),
                    new Histogram(List.of(1.0, 2.0, 3.0), List.of(1L, 2L)),
                    List.of(1.0, 2.0, 3.0))),
            Map.of("setosa", 3L));
    EvaluationReport evaluation =
        new EvaluationReport(
            new DatasetSource("test.csv", null, null, 3),
            Map.of("accuracy", 1.0),
            List.of("setosa"),
            List.of(List.of(3L)),
            List.of(new EvaluationReport.ClassMetrics("setosa", 1, 1, 1, 3)),
            null);
    DataValidationReport validation =
        new DataValidationReport(
            "/models/prod",
            "iris version 1",
            0.01,
            List.of(new ValidationVerdict("ks-shift", "petal_length", Verdict.Warn, 0.4, 0.001)));
    ModelBundles.write(bundle.resolve(ModelBundles.BASELINE_FILE), baseline);
    ModelBundles.write(bundle.resolve(ModelBundles.EVALUATION_FILE), evaluation);
    ModelBundles.write(bundle.resolve(ModelBundles.VALIDATION_FILE), validation);

    assertThat(ModelBundles.readBaseline(bundle)).isEqualTo(baseline);
    assertThat(ModelBundles.readEvaluation(bundle)).isEqualTo(evaluation);
    assertThat(ModelBundles.readValidation(bundle)).isEqualTo(validation);
  }

  @Test
  void toleratesFieldsFromANewerWriter() throws IOException {
    Files.writeString(
        bundle.resolve(ModelBundles.MANIFEST_FILE),
        """
        {"apiVersion": "drover.io/model-bundle/v1", "name": "m", "format": "drover-mlp",
         "weights": "model-0001.params", "signature": {"alg": "none"},
         "architecture": {"type": "mlp", "inputs": 1, "hidden": [], "activation": "relu",
                          "outputs": 2, "dropout": 0.1},
         "input": {"features": [{"name": "x", "type": "number", "center": 0, "scale": 1}]},
         "output": {"labelColumn": "y", "labels": ["a", "b"], "kind": "logits"}}
        """);

    assertThat(ModelBundles.readManifest(bundle).architecture().outputs()).isEqualTo(2);
  }

  @Test
  void refusesAManifestLackingWhatAServerNeeds() throws IOException {
    Files.writeString(
        bundle.resolve(ModelBundles.MANIFEST_FILE),
        "{\"name\": \"m\", \"format\": \"drover-mlp\"}");

    assertThatThrownBy(() -> ModelBundles.readManifest(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining(ModelBundles.MANIFEST_FILE)
        .hasMessageContaining("weights, architecture, input.features, output.labels");
  }

  @Test
  void refusesAnotherFormatVersionAndMissingOrBrokenFiles() throws IOException {
    assertThatThrownBy(() -> ModelBundles.readManifest(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("does not exist");

    Files.writeString(bundle.resolve(ModelBundles.BASELINE_FILE), "{not json");
    assertThatThrownBy(() -> ModelBundles.readBaseline(bundle))
        .hasMessageContaining("is not a valid TrainingBaseline");

    ModelManifest future =
        new ModelManifest(
            "drover.io/model-bundle/v2",
            "m",
            null,
            "drover-mlp",
            null,
            manifest().architecture(),
            "w",
            manifest().input(),
            manifest().output(),
            null,
            null,
            null,
            null,
            null,
            null);
    ModelBundles.write(bundle.resolve(ModelBundles.MANIFEST_FILE), future);
    assertThatThrownBy(() -> ModelBundles.readManifest(bundle))
        .hasMessageContaining("apiVersion drover.io/model-bundle/v2");
  }

  @Test
  void digestMatchesTheDocumentedShellPipeline() throws IOException {
    Files.writeString(bundle.resolve("b"), "y");
    Files.writeString(bundle.resolve("a"), "x");
    Files.createDirectory(bundle.resolve("ignored-directory"));

    // cd bundle && sha256sum $(ls | LC_ALL=C sort) | sha256sum, for files a="x" and b="y".
    assertThat(ModelBundles.digest(bundle))
        .isEqualTo("sha256:8d73e01349b30f78751f37931b0d2ae54f8dbd56a8fc69e01f2861cc466fadaa");
  }

  @Test
  void histogramBinsClampOutsideTheTrainingRange() {
    Histogram histogram = new Histogram(List.of(0.0, 1.0, 2.0, 3.0), List.of(1L, 1L, 1L));

    assertThat(histogram.binOf(-5)).isZero();
    assertThat(histogram.binOf(0.5)).isZero();
    assertThat(histogram.binOf(1.0)).isEqualTo(1);
    assertThat(histogram.binOf(3.0)).isEqualTo(2);
    assertThat(histogram.binOf(99)).isEqualTo(2);
  }
}
