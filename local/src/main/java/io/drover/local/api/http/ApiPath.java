package io.drover.local.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/default/pods/x/log} or {@code
 * /apis/drover.io/v1alpha1/namespaces/default/trainingruns/iris/status}.
 *
 * @param group the API group, empty for core
 * @param version the version
 * @param namespace the namespace, or null
 * @param plural the resource, e.g. {@code trainingruns}
 * @param name the object's name, or null for a collection
 * @param subresource e.g. {@code status}, or null
 */
public record ApiPath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  /** Parses a resource path; null when the path is not one ({@code /api}, {@code /apis/g}, ...). */
  public static ApiPath parse(String path) {
    List<String> segments = segments(path);
    String group;
    String version;
    int rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = 2;
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = 3;
    } else {
      return null;
    }
    List<String> tail = segments.subList(rest, segments.size());
    String namespace = null;
    if (tail.size() >= 3
        && tail.get(0).equals("namespaces")
        && !(tail.size() == 3 && isNamespaceSubresource(tail.get(2)))) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    if (tail.isEmpty() || tail.size() > 3) {
      return null;
    }
    return new ApiPath(
        group,
        version,
        namespace,
        tail.get(0),
        tail.size() > 1 ? tail.get(1) : null,
        tail.size() > 2 ? tail.get(2) : null);
  }

  /** The path's segments, percent-decoded, without empty ones. */
  static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  private static boolean isNamespaceSubresource(String segment) {
    return segment.equals("status") || segment.equals("finalize");
  }
}
