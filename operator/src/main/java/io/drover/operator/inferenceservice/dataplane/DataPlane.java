package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.MonitoringReport;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.contract.serving.TestRows;
import java.util.List;
import java.util.Optional;

/**
 * The operator's eyes on the data plane: the documents a router and a model server serve (their
 * shapes are defined once, in {@code io.drover.contract.serving}), and inference as any client
 * sends it. Each call addresses one pod, {@code http://<pod IP>:<port>}.
 */
public interface DataPlane {

  RouterStatsReport routerStats(String pod);

  /** The server's monitoring report; empty when the server has none (not Drover's server). */
  Optional<MonitoringReport> monitoring(String pod, String model);

  ModelMetadata metadata(String pod, String model);

  /** The bundle's held-out rows; empty when the server offers none. */
  Optional<TestRows> testRows(String pod, String model, int limit);

  /** The predicted label of each row (features in the model's order), in order. */
  List<String> predict(String pod, String model, List<List<Double>> rows);
}
