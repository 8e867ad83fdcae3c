package io.drover.local.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.discovery.Discovery;
import io.drover.local.api.discovery.OpenApiDocuments;
import io.drover.local.api.object.Json;
import io.drover.local.api.status.ApiException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front every request goes through: discovery, OpenAPI, version and health endpoints here,
 * resource URLs to the {@link ResourceHandler}. Every refusal is a JSON {@code Status}; an
 * unexpected failure is a 500 Status, logged.
 */
public final class Routes {

  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  /** The version {@code /version} reports: the Kubernetes API it behaves like. */
  public static final String GIT_VERSION = "v1.32.0-drover-local";

  /**
   * Where a client asks what it may do; the operator asks before it takes part in leader election.
   */
  private static final String RULES_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  private final Vertx vertx;
  private final Discovery discovery;
  private final OpenApiDocuments openApi;
  private final ResourceHandler resources;
  private volatile String serverAddress = "127.0.0.1:0";

  Routes(Vertx vertx, Discovery discovery, OpenApiDocuments openApi, ResourceHandler resources) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.openApi = openApi;
    this.resources = resources;
  }

  void serverAddress(String address) {
    this.serverAddress = address;
  }

  void handle(HttpServerRequest request) {
    String method = request.method().name();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      dispatch(new Exchange(request, null));
      return;
    }
    request
        .body()
        .onSuccess(
            body ->
                vertx.executeBlocking(
                    () -> {
                      dispatch(new Exchange(request, body));
                      return null;
                    },
                    false))
        .onFailure(e -> LOG.debug("could not read a request body: {}", e.getMessage()));
  }

  private void dispatch(Exchange exchange) {
    try {
      route(exchange);
    } catch (ApiException e) {
      exchange.error(e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
      exchange.error(new ApiException(500, "InternalError", "Internal error: " + e.getMessage()));
    }
  }

  private void route(Exchange exchange) {
    String path = exchange.path();
    if (path.equals(RULES_REVIEWS) && exchange.method().equals("POST")) {
      exchange.json(201, AccessReviews.everythingAllowed(exchange.body()));
      return;
    }
    ApiPath resource = ApiPath.parse(path);
    if (resource != null) {
      resources.handle(exchange, resource);
      return;
    }
    if (!exchange.method().equals("GET")) {
      throw methodNotAllowed();
    }
    List<String> segments = ApiPath.segments(path);
    String first = segments.isEmpty() ? "" : segments.get(0);
    switch (first) {
      case "" -> exchange.json(200, rootPaths());
      case "api" -> {
        if (segments.size() == 1) {
          exchange.json(200, discovery.coreVersions(serverAddress));
        } else {
          exchange.json(
              200, discovery.resources("", segments.get(1)).orElseThrow(Routes::notFound));
        }
      }
      case "apis" -> {
        if (segments.size() == 1) {
          exchange.json(200, discovery.groups());
        } else if (segments.size() == 2) {
          exchange.json(200, discovery.group(segments.get(1)).orElseThrow(Routes::notFound));
        } else {
          exchange.json(
              200,
              discovery.resources(segments.get(1), segments.get(2)).orElseThrow(Routes::notFound));
        }
      }
      case "version" -> exchange.json(200, version());
      case "healthz", "livez", "readyz" -> exchange.text(200, "text/plain", "ok");
      case "openapi" -> openApi(exchange, segments);
      default -> throw notFound();
    }
  }

  private void openApi(Exchange exchange, List<String> segments) {
    if (segments.size() == 2 && segments.get(1).equals("v2")) {
      String accept = exchange.header("Accept");
      if (accept != null && accept.contains("protobuf")) {
        exchange.bytes(
            200,
            "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
            openApi.v2Protobuf());
      } else {
        exchange.json(200, openApi.v2());
      }
    } else if (segments.size() == 2 && segments.get(1).equals("v3")) {
      exchange.json(200, openApi.v3Index());
    } else if (segments.size() >= 3 && segments.get(1).equals("v3")) {
      String groupVersion = "/" + String.join("/", segments.subList(2, segments.size()));
      exchange.json(200, openApi.v3(groupVersion).orElseThrow(Routes::notFound));
    } else {
      throw notFound();
    }
  }

  private ObjectNode rootPaths() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode paths = root.putArray("paths");
    for (String path :
        List.of(
            "/api",
            "/api/v1",
            "/apis",
            "/healthz",
            "/livez",
            "/openapi/v2",
            "/openapi/v3",
            "/readyz",
            "/version")) {
      paths.add(path);
    }
    return root;
  }

  private static ObjectNode version() {
    ObjectNode version = Json.MAPPER.createObjectNode();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", GIT_VERSION);
    version.put("gitCommit", "");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2026-01-01T00:00:00Z");
    version.put("goVersion", "java" + Runtime.version().feature());
    version.put("compiler", "drover");
    version.put(
        "platform",
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT)
            + "/"
            + System.getProperty("os.arch"));
    return version;
  }

  static ApiException notFound() {
    return new ApiException(
        404,
        "NotFound",
        "the server could not find the requested resource",
        Json.MAPPER.createObjectNode());
  }

  static ApiException methodNotAllowed() {
    return ApiException.methodNotAllowed(
        "the server does not allow this method on the requested resource");
  }
}
