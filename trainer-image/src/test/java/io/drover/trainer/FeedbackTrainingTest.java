package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.DATASET_SOURCES;
import static io.drover.contract.TrainerEnvironment.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.DatasetSource;
import io.drover.contract.DatasetSources;
import io.drover.contract.TrainerResult.Outcome;
import io.drover.contract.TrainerResult.SourceRead;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.serving.FeedbackDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop's trainer half: a real DJL training and evaluation over the iris sample data plus
 * a feedback directory written in the {@link FeedbackDataset} format.
 */
class FeedbackTrainingTest {

  @TempDir Path work;

  /** 30 iris rows as a model server would have persisted them, plus a torn write. */
  private Path feedback() throws IOException {
    Path directory = Files.createDirectories(work.resolve("feedback"));
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    StringBuilder first = new StringBuilder(lines.get(0)).append('\n');
    StringBuilder second = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i <= 30; i++) {
      (i <= 20 ? first : second).append(lines.get(i * 5)).append('\n');
    }
    Files.writeString(directory.resolve(FeedbackDataset.fileName("w1", 1)), first);
    Files.writeString(directory.resolve(FeedbackDataset.fileName("w2", 1)), second + "6.1,2.");
    return directory;
  }

  @Test
  void trainsAndEvaluatesOnBasePlusFeedbackAsOneDataSet() throws IOException {
    Path feedback = feedback();
    String sources = DatasetSources.toJson(List.of(new DatasetSource(feedback.toString(), "w")));

    TrainerRun.Outcome trained =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(MODEL, "iris")
            .with(DATASET_SOURCES, sources)
            .output(work.resolve("bundle"))
            .run(work);

    assertThat(trained.exitCode()).as(trained.log()).isZero();
    assertThat(trained.result().outcome()).isEqualTo(Outcome.Succeeded);
    assertThat(trained.result().dataset().rows()).isEqualTo(180L);
    assertThat(trained.result().dataset().sources())
        .extracting(SourceRead::uri, SourceRead::rows)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TrainerRun.dataset("iris.csv").toString(), 150L),
            org.assertj.core.groups.Tuple.tuple(feedback.toString(), 30L));
    assertThat(trained.result().message()).contains("on 180 rows from 2 sources");
    // 27 test rows, some duplicating training rows (the feedback repeats iris rows): a real model.
    assertThat(trained.metric("accuracy")).isGreaterThanOrEqualTo(0.85);
    assertThat(
            trained.result().split().train()
                + trained.result().split().validation()
                + trained.result().split().test())
        .isEqualTo(180L);
    assertThat(ModelBundles.readManifest(work.resolve("bundle")).dataset().digest())
        .isEqualTo(trained.result().dataset().digest());

    TrainerRun.Outcome evaluated =
        TrainerRun.evaluate(work.resolve("bundle"), TrainerRun.dataset("iris.csv"))
            .with(DATASET_SOURCES, sources)
            .run(work);

    assertThat(evaluated.exitCode()).as(evaluated.log()).isZero();
    assertThat(evaluated.result().dataset().rows()).isEqualTo(180L);
    assertThat(evaluated.result().dataset().digest())
        .isEqualTo(trained.result().dataset().digest());
    assertThat(evaluated.metric("accuracy")).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void aMismatchedFeedbackHeaderFailsAsBadInputNamingTheSource() throws IOException {
    Path feedback = Files.createDirectories(work.resolve("other"));
    Files.writeString(
        feedback.resolve(FeedbackDataset.fileName("w1", 1)),
        "sepal_length,sepal_width,petal_length,petal_width,label\n5.1,3.5,1.4,0.2,setosa\n");

    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(
                DATASET_SOURCES,
                DatasetSources.toJson(List.of(new DatasetSource(feedback.toString()))))
            .output(work.resolve("bundle"))
            .run(work);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message())
        .startsWith("DROVER_DATASET_SOURCES[0]=" + feedback)
        .contains("column 5 \"label\" where the data set has \"species\"");
  }

  @Test
  void aMalformedSourcesVariableFailsAsBadInput() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(DATASET_SOURCES, "{\"uri\": \"/feedback\"}")
            .output(work.resolve("bundle"))
            .run(work);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message()).startsWith("DROVER_DATASET_SOURCES must be a JSON array");
  }
}
