package io.drover.local.runner.kubelet;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's mounts: where each path it sees lives on this machine. The container's process is
 * told host paths (in env values and args), so what it reports in return is mapped back: the pod
 * sees the paths it would see in a container.
 */
final class MountTable {

  /** A mount: the path in the container and the file or folder on this machine. */
  record Mount(String containerPath, Path hostPath) {}

  private final List<Mount> byContainerPath;
  private final List<Mount> byHostPath;

  MountTable(List<Mount> mounts) {
    this.byContainerPath =
        mounts.stream()
            .sorted(Comparator.comparingInt((Mount m) -> m.containerPath().length()).reversed())
            .toList();
    this.byHostPath =
        mounts.stream()
            .sorted(
                Comparator.comparingInt((Mount m) -> m.hostPath().toString().length()).reversed())
            .toList();
  }

  static MountTable none() {
    return new MountTable(List.of());
  }

  List<Mount> mounts() {
    return byContainerPath;
  }

  /**
   * A value as the process must be told it: a path under a mount (or a {@code file:} URI of one)
   * becomes the host path, and so does each such path inside a longer value where it starts a token
   * (after a quote, a space, {@code =}, {@code ,}, {@code [} or {@code (}, as in a JSON list of
   * locations); anything else is unchanged.
   */
  String toHost(String value) {
    if (value == null) {
      return null;
    }
    String whole = wholeValueToHost(value);
    return whole != null ? whole : embeddedToHost(value);
  }

  private String wholeValueToHost(String value) {
    String scheme =
        value.startsWith("file://") ? "file://" : value.startsWith("file:") ? "file:" : "";
    String path = value.substring(scheme.length());
    for (Mount mount : byContainerPath) {
      String root = mount.containerPath();
      if (path.equals(root) || path.startsWith(root.endsWith("/") ? root : root + "/")) {
        return scheme + mount.hostPath() + path.substring(root.length());
      }
    }
    return null;
  }

  /** One pass over the text, so a host path put in is never mapped again. */
  private String embeddedToHost(String value) {
    if (byContainerPath.isEmpty()) {
      return value;
    }
    StringBuilder roots = new StringBuilder();
    for (Mount mount : byContainerPath) {
      roots.append(roots.isEmpty() ? "" : "|").append(Pattern.quote(mount.containerPath()));
    }
    Pattern embedded = Pattern.compile("(?<![^\"'\\s=,\\[(])(" + roots + ")(?=[/\"'\\s,\\])]|$)");
    Matcher matcher = embedded.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String root = matcher.group(1);
      Path host =
          byContainerPath.stream()
              .filter(m -> m.containerPath().equals(root))
              .findFirst()
              .orElseThrow()
              .hostPath();
      matcher.appendReplacement(result, Matcher.quoteReplacement(host.toString()));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** A host path as the container would see it (or unchanged when under no mount). */
  Path hostPathOf(String containerPath) {
    String mapped = toHost(containerPath);
    return Path.of(mapped);
  }

  /** Text the process wrote (a termination message, a log): host paths back to container paths. */
  String toContainer(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (Mount mount : byHostPath) {
      String host = mount.hostPath().toString();
      Pattern pattern = Pattern.compile(Pattern.quote(host) + "(?![A-Za-z0-9._-])");
      result = pattern.matcher(result).replaceAll(Matcher.quoteReplacement(mount.containerPath()));
    }
    return result;
  }
}
