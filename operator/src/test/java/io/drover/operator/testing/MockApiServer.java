package io.drover.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Fabric8 mock API server in CRUD mode, made to tell tests what a real API server's clients
 * could notice:
 *
 * <ul>
 *   <li>requests are applied one at a time, as an API server applies writes to one object
 *       atomically, so a compare-and-swap on the API means something;
 *   <li>{@link #refuse} answers matching requests with an API error (a 422, an RBAC 403);
 *   <li>{@link #accepted} lists every write the store applied, in order;
 *   <li>{@link #productionClaims} is every set of ModelVersions whose status claimed Production,
 *       after each write — the whole history, not samples of it;
 *   <li>{@link #operatorClient} is a client whose requests can be held on their way ({@link
 *       #holdUntilPaired}, {@link #holdUntil}), as a slow network holds them.
 * </ul>
 */
public final class MockApiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request the store applied.
   *
   * @param body the object as the store holds it after the write (the response's body)
   */
  public record Write(String method, String path, int code, String body) {}

  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final List<Write> accepted = new CopyOnWriteArrayList<>();
  private final List<Set<String>> productionClaims = new CopyOnWriteArrayList<>();
  private final List<Hold> holds = new CopyOnWriteArrayList<>();
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubernetesClient operatorClient;

  public MockApiServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Serializing(), false);
    server.init();
    client = server.createClient();
    operatorClient =
        server.createClient(
            builder ->
                builder.withHttpClientBuilderConsumer(
                    http -> http.addOrReplaceInterceptor("holds", new Holding())));
  }

  /** The test's own client: never held. */
  public KubernetesClient client() {
    return client;
  }

  /** The client to give the operator: its requests pass the holds. */
  public KubernetesClient operatorClient() {
    return operatorClient;
  }

  /** Answers requests with this method and a path matching with {@code code} until lifted. */
  public Refusal refuse(String method, Predicate<String> path, int code, String message) {
    Refusal refusal = new Refusal(method, path, code, message);
    refusals.add(refusal);
    return refusal;
  }

  /** Every write the store applied (2xx), in the order it applied them. */
  public List<Write> accepted() {
    return List.copyOf(accepted);
  }

  /**
   * After each write the store applied to ModelVersions, the names whose status said Production.
   */
  public List<Set<String>> productionClaims() {
    return List.copyOf(productionClaims);
  }

  /**
   * Holds the operator's first request matching until a second matching one is on its way (or
   * {@code max} passed), so two requests built from the same observation reach the API together.
   * Returns the hold, which tells whether the pair formed.
   */
  public Hold holdUntilPaired(String method, Predicate<String> path, Duration max) {
    Hold hold = new Hold(method, path, method, path, max, true);
    holds.add(hold);
    return hold;
  }

  /**
   * Holds the operator's requests matching until a request matching {@code releaseMethod} and
   * {@code releasePath} has been answered (or {@code max} passed).
   */
  public Hold holdUntil(
      String method,
      Predicate<String> path,
      String releaseMethod,
      Predicate<String> releasePath,
      Duration max) {
    Hold hold = new Hold(method, path, releaseMethod, releasePath, max, false);
    holds.add(hold);
    return hold;
  }

  @Override
  public void close() {
    holds.forEach(Hold::release);
    operatorClient.close();
    client.close();
    server.destroy();
  }

  /** An API error answered to matching requests while it is in force. */
  public final class Refusal implements AutoCloseable {
    private final String method;
    private final Predicate<String> path;
    private final int code;
    private final String message;

    private Refusal(String method, Predicate<String> path, int code, String message) {
      this.method = method;
      this.path = path;
      this.code = code;
      this.message = message;
    }

    boolean matches(RecordedRequest request) {
      return method.equalsIgnoreCase(request.getMethod()) && path.test(request.getPath());
    }

    MockResponse response() {
      var status = JSON.createObjectNode();
      status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
      status.put("message", message).put("code", code);
      status.put("reason", code == 422 ? "Invalid" : code == 403 ? "Forbidden" : "InternalError");
      return new MockResponse().setResponseCode(code).setBody(status.toString());
    }

    /** Lifts the refusal. */
    @Override
    public void close() {
      refusals.remove(this);
    }
  }

  /** Requests held on their way to the API. */
  public static final class Hold {
    private final String method;
    private final Predicate<String> path;
    private final String releaseMethod;
    private final Predicate<String> releasePath;
    private final Duration max;
    private final boolean paired;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holding;
    private volatile boolean formed;

    private Hold(
        String method,
        Predicate<String> path,
        String releaseMethod,
        Predicate<String> releasePath,
        Duration max,
        boolean paired) {
      this.method = method;
      this.path = path;
      this.releaseMethod = releaseMethod;
      this.releasePath = releasePath;
      this.max = max;
      this.paired = paired;
    }

    /** Whether the release came before the time ran out (for a pair: both were in flight). */
    public boolean formed() {
      return formed;
    }

    void before(HttpRequest request) {
      if (!matches(method, path, request) || released.getCount() == 0) {
        return;
      }
      synchronized (this) {
        if (paired && holding) {
          formed = true;
          release(); // the second of the pair: let the first go, and go too
          return;
        }
        holding = true;
      }
      try {
        if (!released.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
          release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void after(HttpRequest request) {
      if (!paired && matches(releaseMethod, releasePath, request) && released.getCount() > 0) {
        formed = true;
        release();
      }
    }

    void release() {
      released.countDown();
    }

    private static boolean matches(String method, Predicate<String> path, HttpRequest request) {
      String target =
          request.uri().getRawPath()
              + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
      return method.equalsIgnoreCase(request.method()) && path.test(target);
    }
  }

  private final class Holding implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      holds.forEach(hold -> hold.before(request));
    }

    @Override
    public void after(
        HttpRequest request,
        HttpResponse<?> response,
        AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      holds.forEach(hold -> hold.after(request));
    }
  }

  /** One request at a time through the store; refusals first; writes recorded. */
  private final class Serializing extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      for (Refusal refusal : refusals) {
        if (refusal.matches(request)) {
          return refusal.response();
        }
      }
      synchronized (store) {
        MockResponse response;
        try {
          response = store.dispatch(request);
        } catch (RuntimeException e) {
          // The store throws when a JSON patch's test operation fails (and the request would go
          // unanswered); an API server answers 422.
          response = new Refusal(request.getMethod(), path -> true, 422, e.getMessage()).response();
        }
        boolean write = !"GET".equalsIgnoreCase(request.getMethod());
        if (write && response.code() >= 200 && response.code() < 300) {
          accepted.add(
              new Write(
                  request.getMethod(),
                  request.getPath(),
                  response.code(),
                  response.getBody() == null
                      ? ""
                      : new String(response.getBody().getBytes(), StandardCharsets.UTF_8)));
          if (request.getPath().contains("/modelversions")) {
            productionClaims.add(claimsNow());
          }
        }
        return response;
      }
    }

    @Override
    public void shutdown() {
      store.shutdown();
    }

    private Set<String> claimsNow() {
      MockResponse list =
          store.dispatch(
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.GET,
                  "/apis/drover.io/v1alpha1/modelversions",
                  Headers.builder().build(),
                  new Buffer()));
      Set<String> claims = new TreeSet<>();
      try {
        JsonNode items = JSON.readTree(list.getBody().readUtf8()).path("items");
        for (JsonNode item : items) {
          if ("Production".equals(item.path("status").path("stage").asText())) {
            claims.add(item.path("metadata").path("name").asText());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return claims;
    }
  }
}
