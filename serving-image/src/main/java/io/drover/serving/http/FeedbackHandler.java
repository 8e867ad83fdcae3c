package io.drover.serving.http;

import static io.drover.serving.protocol.ProtocolException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.feedback.FeedbackSink;
import io.drover.serving.feedback.FeedbackStorageException;
import io.drover.serving.model.ServedModel;
import io.drover.serving.monitoring.FeedbackLedger;
import io.drover.serving.protocol.InferRequestReader;
import io.drover.serving.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/models/{name}/feedback}: the true labels of an earlier prediction, by its request
 * id, {@code {"id": "...", "labels": ["setosa", ...]}} with one label per predicted row ({@code
 * "label": "setosa"} for a one-row prediction). With {@code DROVER_FEEDBACK_DIR} set, the labelled
 * rows are on disk before the 200, and a storage failure answers 503 with the prediction kept for
 * the client's retry. The feedback set is at-least-once: a crash between the write and the answer
 * leaves rows on disk that were never answered 200 (a retry then gets 404: the new process
 * remembers no prediction), and a failed write that could not be cut back off its file leaves rows
 * that the retry writes again.
 */
final class FeedbackHandler {

  private static final Logger LOG = Logger.getLogger(FeedbackHandler.class);

  private final ModelResolver resolver;

  FeedbackHandler(ModelResolver resolver) {
    this.resolver = resolver;
  }

  void handle(RoutingContext ctx) {
    try {
      ServedModel model = resolver.resolve(ctx);
      Buffer body = ctx.body().buffer();
      JsonNode request =
          InferRequestReader.parseObject(body == null ? new byte[0] : body.getBytes());
      JsonNode idNode = request.get("id");
      if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
        throw badRequest("id must name the request whose prediction the labels are for");
      }
      String id = idNode.asText();
      FeedbackLedger ledger = model.monitor().feedback();
      int[] predicted = ledger.predicted(id);
      if (predicted == null) {
        throw ProtocolException.notFound(unknown(id));
      }
      int[] actual = labels(request, predicted.length, model.classifier().labels());
      if (model.monitor().store() == null) {
        record(ctx, model, id, actual);
      } else {
        // Forcing rows to disk takes milliseconds: never on the event loop.
        ctx.vertx()
            .executeBlocking(
                () -> {
                  record(ctx, model, id, actual);
                  return null;
                },
                false);
      }
    } catch (ProtocolException e) {
      Replies.error(ctx, e.status(), e.getMessage());
    }
  }

  /**
   * Persists the labelled rows (when the server keeps them) and only then scores them and answers:
   * a 200 means the rows are on disk. A prediction is claimed first, so concurrent feedback for one
   * id scores it once; when storing fails it is put back, so the client's retry finds it.
   */
  private static void record(RoutingContext ctx, ServedModel model, String id, int[] actual) {
    FeedbackLedger ledger = model.monitor().feedback();
    FeedbackSink store = model.monitor().store();
    FeedbackLedger.Claim claim = ledger.claim(id);
    if (claim == null) {
      Replies.error(ctx, 404, unknown(id));
      return;
    }
    if (store != null) {
      List<String> known = model.classifier().labels();
      List<String> labels = new ArrayList<>(actual.length);
      for (int label : actual) {
        labels.add(known.get(label));
      }
      try {
        store.append(claim.features(), labels);
      } catch (FeedbackStorageException e) {
        ledger.release(claim);
        LOG.warn(e.getMessage());
        Replies.error(
            ctx,
            503,
            e.getMessage() + "; the labels were not recorded: send the same feedback again later");
        return;
      }
    }
    int correct = ledger.score(claim, actual);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id);
    answer.put("rows", actual.length);
    answer.put("correct", correct);
    answer.put("live_accuracy", ledger.snapshot().accuracy());
    answer.put("persisted", store != null);
    Replies.json(ctx, 200, answer);
  }

  private static String unknown(String id) {
    String shown = id.length() <= 64 ? id : id.substring(0, 64) + "…";
    return "no prediction is waiting for feedback under id %s: unknown, already labelled, or forgotten (the oldest are forgotten first)"
        .formatted(shown);
  }

  private static int[] labels(JsonNode request, int rows, List<String> known) {
    JsonNode labels = request.get("labels");
    JsonNode single = request.get("label");
    if (labels == null && single != null && rows == 1) {
      return new int[] {index(single, known)};
    }
    if (labels == null || !labels.isArray()) {
      throw badRequest(
          "labels must be an array with the true label of each of the %d predicted rows"
              .formatted(rows));
    }
    if (labels.size() != rows) {
      throw badRequest(
          "the prediction had %d rows but %d labels were sent".formatted(rows, labels.size()));
    }
    int[] actual = new int[rows];
    for (int row = 0; row < rows; row++) {
      actual[row] = index(labels.get(row), known);
    }
    return actual;
  }

  private static int index(JsonNode label, List<String> known) {
    int index = label.isTextual() ? known.indexOf(label.asText()) : -1;
    if (index < 0) {
      String shown =
          label.asText().length() <= 40 ? label.asText() : label.asText().substring(0, 40) + "…";
      throw badRequest("label %s is not one of the model's labels %s".formatted(shown, known));
    }
    return index;
  }
}
