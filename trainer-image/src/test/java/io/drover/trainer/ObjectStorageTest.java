package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.BUNDLE_URI;
import static io.drover.contract.TrainerEnvironment.DATASET_SOURCES;
import static io.drover.contract.TrainerEnvironment.DATASET_URI;
import static io.drover.contract.TrainerEnvironment.OUTPUT_URI;
import static io.drover.contract.TrainerEnvironment.REFERENCE_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drover.contract.DatasetSource;
import io.drover.contract.DatasetSources;
import io.drover.contract.StorageEnvironment;
import io.drover.contract.TrainerResult.SourceRead;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.serving.FeedbackDataset;
import io.drover.storage.BundleStore;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageLocation;
import io.drover.storage.StoredObject;
import io.drover.storage.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer reads its data set from and writes its bundle to a real S3-protocol server (s3proxy
 * in this JVM), and the evaluate mode reads a bundle and its test split from there.
 */
class ObjectStorageTest {

  private static final String OUTPUT = "s3://models/iris/run-1";

  @TempDir static Path work;
  @TempDir Path dir;

  static S3TestServer server;
  static ObjectStore store;
  static TrainerRun.Outcome trained;

  @BeforeAll
  static void trainFromAndToTheStore() {
    server = S3TestServer.start(work.resolve("s3"));
    server.createBucket("data");
    server.createBucket("models");
    server.createBucket("feedback");
    store = server.client();
    store.upload(
        TrainerRun.dataset("iris.csv"), StorageLocation.parse("test", "s3://data/iris.csv"));
    trained =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(OUTPUT_URI, OUTPUT)
            .hyperparameter("epochs", "30")
            .run(work);
  }

  @AfterAll
  static void stopServer() {
    store.close();
    server.close();
  }

  @Test
  void trainsOnAnObjectAndWritesTheBundleToTheBucketWithItsDigest() {
    assertThat(trained.exitCode()).as(trained.log()).isZero();
    assertThat(trained.result().bundle().uri()).isEqualTo(OUTPUT);
    assertThat(trained.result().dataset().rows()).isEqualTo(150);
    assertThat(store.list(StorageLocation.parse("test", OUTPUT)))
        .extracting(StoredObject::relativeName)
        .contains(
            ModelBundles.MANIFEST_FILE, ModelBundles.BASELINE_FILE, ModelBundles.TEST_DATA_FILE)
        .noneMatch(name -> name.startsWith(".drover-write-check"));
    // What a reader fetches hashes to the digest the trainer reported (fetch verifies it).
    BundleStore.FetchedBundle fetched =
        new BundleStore(store)
            .fetch(
                StorageLocation.parse("test", OUTPUT),
                dir.resolve("fetched"),
                trained.result().bundle().digest());
    assertThat(ModelBundles.readManifest(fetched.directory()).name()).isEqualTo("iris");
  }

  @Test
  void evaluatesABundleInTheBucketOnItsTestSplitThere() {
    TrainerRun.Outcome evaluated =
        s3(TrainerRun.evaluate(Path.of(OUTPUT), Path.of("unused")))
            .with(BUNDLE_URI, OUTPUT)
            .with(DATASET_URI, OUTPUT + "/" + ModelBundles.TEST_DATA_FILE)
            .with(StorageEnvironment.BUNDLE_DIGEST, trained.result().bundle().digest())
            .run(dir);

    assertThat(evaluated.exitCode()).as(evaluated.log()).isZero();
    assertThat(evaluated.result().metrics()).isEqualTo(trained.result().metrics());
    assertThat(evaluated.result().bundle().digest()).isEqualTo(trained.result().bundle().digest());
  }

  @Test
  void refusesABundleWhoseDigestIsNotTheRegisteredOne() {
    String registered = "sha256:" + "ab".repeat(32);
    TrainerRun.Outcome evaluated =
        s3(TrainerRun.evaluate(Path.of(OUTPUT), Path.of("unused")))
            .with(BUNDLE_URI, OUTPUT)
            .with(DATASET_URI, OUTPUT + "/" + ModelBundles.TEST_DATA_FILE)
            .with(StorageEnvironment.BUNDLE_DIGEST, registered)
            .run(dir);

    assertThat(evaluated.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(evaluated.result().message())
        .startsWith("DROVER_BUNDLE_URI: bundle " + OUTPUT + " has digest sha256:")
        .contains("not " + registered);
  }

  @Test
  void validatesAgainstAReferenceBundleInTheBucket() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(OUTPUT_URI, "s3://models/iris/run-2")
            .with(REFERENCE_URI, OUTPUT)
            .hyperparameter("epochs", "5")
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).contains("fetched bundle " + OUTPUT);
    assertThat(run.result().validation()).isNotEmpty();
  }

  @Test
  void wrongKeysFailBeforeTrainingNamingTheSecret() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(StorageEnvironment.SECRET_ACCESS_KEY, "wrong")
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(OUTPUT_URI, "s3://models/iris/run-3")
            .run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message())
        .startsWith("DROVER_DATASET_URI: cannot ")
        .contains("access denied", "Secret " + S3TestServer.SECRET_NAME)
        .doesNotContain("wrong");
    assertThat(run.log()).doesNotContain("epoch 1/");
  }

  @Test
  void trainsOnTheDataPlusAFeedbackSetTheServersWroteToTheBucket() throws Exception {
    // 30 iris rows as two model servers uploaded them, one object with a torn last line.
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    StringBuilder first = new StringBuilder(lines.get(0)).append('\n');
    StringBuilder second = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i <= 30; i++) {
      (i <= 20 ? first : second).append(lines.get(i * 5)).append('\n');
    }
    store.write(
        StorageLocation.parse("test", "s3://feedback/iris/" + FeedbackDataset.fileName("pod-a", 1)),
        first.toString().getBytes(StandardCharsets.UTF_8));
    store.write(
        StorageLocation.parse("test", "s3://feedback/iris/" + FeedbackDataset.fileName("pod-b", 1)),
        (second + "6.1,2.").getBytes(StandardCharsets.UTF_8));

    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(
                DATASET_SOURCES,
                DatasetSources.toJson(List.of(new DatasetSource("s3://feedback/iris", "feedback"))))
            .with(OUTPUT_URI, "s3://models/iris/run-5")
            .hyperparameter("epochs", "5")
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().dataset().rows()).isEqualTo(180L);
    assertThat(run.result().dataset().sources())
        .extracting(SourceRead::uri, SourceRead::rows)
        .containsExactly(tuple("s3://data/iris.csv", 150L), tuple("s3://feedback/iris", 30L));
  }

  @Test
  void aFeedbackPrefixNoServerWroteToYetAddsNoRows() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(
                DATASET_SOURCES,
                DatasetSources.toJson(List.of(new DatasetSource("s3://feedback/nobody-yet", null))))
            .with(OUTPUT_URI, "s3://models/iris/run-6")
            .hyperparameter("epochs", "5")
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().dataset().rows()).isEqualTo(150L);
    assertThat(run.log()).contains("no objects under s3://feedback/nobody-yet yet");
  }

  @Test
  void aMissingCsvSourceObjectIsNamed() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/iris.csv")
            .with(
                DATASET_SOURCES,
                DatasetSources.toJson(List.of(new DatasetSource("s3://data/extra.csv", null))))
            .with(OUTPUT_URI, "s3://models/iris/run-7")
            .run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message())
        .startsWith("DROVER_DATASET_SOURCES[0]: s3://data/extra.csv: no such object");
  }

  @Test
  void aMissingDataObjectIsNamed() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(DATASET_URI, "s3://data/no-such.csv")
            .with(OUTPUT_URI, "s3://models/iris/run-4")
            .run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message())
        .isEqualTo(
            "DROVER_DATASET_URI: s3://data/no-such.csv: no such object, and no objects under"
                + " s3://data/no-such.csv/ in bucket data");
  }

  @Test
  void anOutputBucketThatDoesNotExistFailsBeforeTraining() {
    TrainerRun.Outcome run =
        s3(TrainerRun.train(TrainerRun.dataset("iris.csv")))
            .with(OUTPUT_URI, "s3://no-such-bucket/iris")
            .run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message())
        .contains("DROVER_OUTPUT_URI: cannot write s3://no-such-bucket/iris/.drover-write-check")
        .contains("bucket no-such-bucket does not exist");
    assertThat(run.log()).doesNotContain("epoch 1/");
  }

  private static TrainerRun s3(TrainerRun run) {
    for (Map.Entry<String, String> variable : server.environment().entrySet()) {
      run.with(variable.getKey(), variable.getValue());
    }
    return run;
  }
}
