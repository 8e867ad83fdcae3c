package io.drover.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.TrainerResult.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerResultsTest {

  @Test
  void readsASuccessfulResult() {
    TrainerResult result =
        TrainerResults.parse(
            """
            {"outcome":"Succeeded","metrics":{"accuracy":0.967,"f1":0.95},
             "dataset":{"digest":"sha256:abc","rows":150},
             "bundle":{"uri":"/drover/output/iris-1","digest":"sha256:def","format":"drover-mlp"},
             "validation":[{"check":"ks-shift","feature":"petal_width","verdict":"Warn",
                            "statistic":0.31,"pValue":0.002}]}
            """);

    assertThat(result.outcome()).isEqualTo(Outcome.Succeeded);
    assertThat(result.metrics()).containsEntry("accuracy", 0.967).containsEntry("f1", 0.95);
    assertThat(result.dataset().rows()).isEqualTo(150L);
    assertThat(result.bundle().uri()).isEqualTo("/drover/output/iris-1");
    assertThat(result.validation()).singleElement().extracting("feature").isEqualTo("petal_width");
  }

  @Test
  void toleratesFieldsFromANewerTrainer() {
    TrainerResult result =
        TrainerResults.parse("{\"outcome\":\"Failed\",\"message\":\"bad row 3\",\"extra\":{}}");

    assertThat(result.outcome()).isEqualTo(Outcome.Failed);
    assertThat(result.message()).isEqualTo("bad row 3");
  }

  @Test
  void writtenResultReadsBackEqual() {
    TrainerResult original =
        new TrainerResult(
            Outcome.Succeeded,
            "trained",
            Map.of("accuracy", 0.9),
            new TrainerResult.Dataset("sha256:1", 10L),
            new TrainerResult.Bundle("s3://b/k", null, "drover-mlp"),
            List.of());

    assertThat(TrainerResults.parse(TrainerResults.write(original))).isEqualTo(original);
  }

  @Test
  void splitLeakageReadsBackAndResultsWithoutItStillRead() {
    TrainerResult original =
        new TrainerResult(
            Outcome.Succeeded,
            "trained; warning: leakage",
            Map.of("accuracy", 1.0),
            new TrainerResult.Dataset("sha256:1", 100L),
            null,
            List.of(),
            new TrainerResult.Split(80L, 0L, 20L, 20L, 0L));

    String json = TrainerResults.write(original);
    assertThat(json)
        .contains(
            "\"split\":{\"train\":80,\"validation\":0,\"test\":20,"
                + "\"leakedTestRows\":20,\"leakedValidationRows\":0}");
    assertThat(TrainerResults.parse(json)).isEqualTo(original);
    assertThat(TrainerResults.parse("{\"outcome\":\"Succeeded\",\"metrics\":{}}").split()).isNull();
  }

  @Test
  void refusesEmptyMessage() {
    assertThatThrownBy(() -> TrainerResults.parse("  "))
        .isInstanceOf(InvalidTrainerResultException.class)
        .hasMessageContaining("no result");
  }

  @Test
  void refusesMalformedJsonShowingWhatWasRead() {
    assertThatThrownBy(() -> TrainerResults.parse("Traceback (most recent call last): oops"))
        .isInstanceOf(InvalidTrainerResultException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("Traceback");
  }

  @Test
  void refusesResultWithoutOutcome() {
    assertThatThrownBy(() -> TrainerResults.parse("{\"metrics\":{\"accuracy\":1.0}}"))
        .isInstanceOf(InvalidTrainerResultException.class)
        .hasMessageContaining("outcome");
  }

  @Test
  void refusesOversizedMessage() {
    String huge = "{\"outcome\":\"Succeeded\",\"message\":\"" + "x".repeat(5000) + "\"}";

    assertThatThrownBy(() -> TrainerResults.parse(huge))
        .isInstanceOf(InvalidTrainerResultException.class)
        .hasMessageContaining("4096-byte");
  }
}
