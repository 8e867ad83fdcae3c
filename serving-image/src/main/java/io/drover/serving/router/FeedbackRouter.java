package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.drover.serving.router.RoutingTable.Role;
import io.drover.serving.router.RoutingTable.Variant;
import io.drover.serving.router.VariantClient.Answer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v2/models/{name}/feedback} through the router: the ground truth must reach the
 * variant that predicted the request, and the shadows, which predicted a copy of it and score it
 * too (so the operator can compare a shadow's live accuracy with the stable's).
 *
 * <p>Where it goes: to the variant {@link AnsweredIds} remembers for the id, when the router
 * answered it recently; otherwise (an id the router forgot, or one a client sent straight to a
 * server) to every stable and candidate variant that is up. If the remembered variant does not know
 * the id, the others are asked. The client gets the answer of the variant that held the id: a 200,
 * or its 400 (wrong label count, unknown label); 404 when none did; 502 when a variant that might
 * hold it could not be asked. Shadows get a copy of every feedback that names an id, bounded like
 * mirrored requests; their answers never reach the client. No feedback wakes a variant: one scaled
 * to zero lost its pending predictions with its pods.
 */
final class FeedbackRouter {

  private static final JsonFactory JSON = new JsonFactory();

  private final VariantClient variants;
  private final Activator activator;
  private final RouterStats stats;
  private final ShadowSlots shadowSlots;
  private final AnsweredIds answered;
  private final ShadowCopies copies;

  FeedbackRouter(
      VariantClient variants,
      Activator activator,
      RouterStats stats,
      ShadowSlots shadowSlots,
      AnsweredIds answered,
      ShadowCopies copies) {
    this.variants = variants;
    this.activator = activator;
    this.stats = stats;
    this.shadowSlots = shadowSlots;
    this.answered = answered;
    this.copies = copies;
  }

  /** One variant's answer to the feedback, or why it gave none. */
  private record Delivery(Variant variant, Answer answer, Throwable failure) {
    boolean held() {
      return answer != null && answer.status() == 200;
    }

    boolean refused() {
      return answer != null && answer.status() >= 400 && answer.status() < 500 && !unknown();
    }

    boolean unknown() {
      return answer != null && answer.status() == 404;
    }
  }

  void handle(RoutingContext ctx, RoutingTable table, Buffer body, String requestId) {
    String id = idOf(body);
    Variant known = id == null ? null : table.variant(answered.variantOf(id));
    if (known != null && (known.role() == Role.SHADOW || !activator.available(known))) {
      known = null;
    }
    if (id != null) {
      copyToShadows(ctx, table, body, requestId, id);
    }
    List<Variant> others = new ArrayList<>();
    for (Variant variant : table.answering()) {
      if (variant != known && activator.available(variant)) {
        others.add(variant);
      }
    }
    if (known == null && others.isEmpty()) {
      RouterReplies.error(ctx, 503, "no stable or candidate variant is up to take the feedback");
      return;
    }
    if (known == null) {
      deliverToAll(ctx, others, body, requestId, id, List.of());
      return;
    }
    deliver(ctx, known, body, requestId)
        .onSuccess(
            delivery -> {
              if (delivery.held() || delivery.refused()) {
                reply(ctx, delivery, requestId);
              } else {
                deliverToAll(ctx, others, body, requestId, id, List.of(delivery));
              }
            });
  }

  /**
   * @param earlier the remembered variant's delivery, already made, which did not hold the id
   */
  private void deliverToAll(
      RoutingContext ctx,
      List<Variant> targets,
      Buffer body,
      String requestId,
      String id,
      List<Delivery> earlier) {
    List<Future<Delivery>> deliveries = new ArrayList<>();
    for (Variant variant : targets) {
      deliveries.add(deliver(ctx, variant, body, requestId));
    }
    Future.all(deliveries)
        .onSuccess(
            all -> {
              List<Delivery> results = new ArrayList<>(earlier);
              results.addAll(all.list());
              Delivery chosen = first(results, true);
              if (chosen == null) {
                chosen = first(results, false);
              }
              if (chosen != null) {
                reply(ctx, chosen, requestId);
                return;
              }
              List<String> failed =
                  results.stream()
                      .filter(d -> d.answer() == null || d.answer().status() >= 500)
                      .map(d -> d.variant().name())
                      .toList();
              if (!failed.isEmpty()) {
                RouterReplies.error(
                    ctx,
                    502,
                    "feedback could not be delivered to %s, which may hold the prediction; try again"
                        .formatted(String.join(", ", failed)));
              } else {
                RouterReplies.error(
                    ctx,
                    404,
                    "no variant holds a prediction waiting for feedback under id %s: unknown,"
                            .formatted(shown(id))
                        + " already labelled, or forgotten (the oldest are forgotten first)");
              }
            });
  }

  /** The first (in table order) that held the id, or, without one, that refused the feedback. */
  private static Delivery first(List<Delivery> results, boolean held) {
    for (Delivery delivery : results) {
      if (held ? delivery.held() : delivery.refused()) {
        return delivery;
      }
    }
    return null;
  }

  /** Never fails: a variant that cannot be reached is a delivery with its failure. */
  private Future<Delivery> deliver(
      RoutingContext ctx, Variant variant, Buffer body, String requestId) {
    HttpServerRequest request = ctx.request();
    return variants
        .send(
            variant,
            HttpMethod.POST,
            ProxiedRequests.originForm(request),
            request.headers(),
            body,
            requestId)
        .map(answer -> new Delivery(variant, answer, null))
        .otherwise(failure -> new Delivery(variant, null, failure))
        .andThen(result -> stats.feedback(variant.name(), outcome(result.result())));
  }

  /**
   * @param id the prediction the feedback is for: its copy may still be on its way to the shadows
   */
  private void copyToShadows(
      RoutingContext ctx, RoutingTable table, Buffer body, String requestId, String id) {
    for (Variant shadow : table.shadows()) {
      if (!shadowSlots.tryAcquire()) {
        stats.feedback(shadow.name(), "dropped");
        continue;
      }
      copies
          .settled(id)
          .compose(settled -> deliver(ctx, shadow, body, requestId))
          .onComplete(done -> shadowSlots.release());
    }
  }

  private static void reply(RoutingContext ctx, Delivery delivery, String requestId) {
    RouterReplies.answer(ctx, delivery.variant().name(), delivery.answer(), requestId);
  }

  private static String outcome(Delivery delivery) {
    if (delivery.held()) {
      return "accepted";
    }
    if (delivery.unknown()) {
      return "unknown";
    }
    return delivery.refused() ? "refused" : "error";
  }

  /** The feedback's {@code id}, read without building a tree; null when the body names none. */
  static String idOf(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try (JsonParser json = JSON.createParser(body.getBytes())) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken token = json.nextToken();
          token == JsonToken.FIELD_NAME;
          token = json.nextToken()) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("id") && value == JsonToken.VALUE_STRING) {
          return json.getText();
        }
        json.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String shown(String id) {
    if (id == null) {
      return "(none)";
    }
    return id.length() <= 64 ? id : id.substring(0, 64) + "…";
  }
}
