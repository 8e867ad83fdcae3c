package io.drover.operator.kubernetes;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code pvc://claim/path} locations into volume mounts, so the trainer sees plain paths.
 * Other locations (s3://, gs://, http(s)://, absolute paths) pass through unchanged. A claim used
 * for output is mounted read-write, one used only for input read-only; each claim is mounted once.
 */
public final class StorageMounts {

  public static final String MOUNT_ROOT = "/drover/volumes/";
  private static final String PVC_SCHEME = "pvc://";

  /** Claim name to whether it must be writable; insertion order keeps the Job stable. */
  private final Map<String, Boolean> claims = new LinkedHashMap<>();

  /** Registers a location read by the trainer and returns the path or URI it should use. */
  public String input(String uri) {
    return resolve(uri, false);
  }

  /** Registers a location written by the trainer and returns the path or URI it should use. */
  public String output(String uri) {
    return resolve(uri, true);
  }

  private String resolve(String uri, boolean writable) {
    if (!uri.startsWith(PVC_SCHEME)) {
      return uri;
    }
    String rest = uri.substring(PVC_SCHEME.length());
    int slash = rest.indexOf('/');
    String claim = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+", "");
    claims.merge(claim, writable, Boolean::logicalOr);
    return path.isEmpty() ? MOUNT_ROOT + claim : MOUNT_ROOT + claim + "/" + path;
  }

  public List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    claims.forEach(
        (claim, writable) ->
            volumes.add(
                new VolumeBuilder()
                    .withName(volumeName(claim))
                    .withNewPersistentVolumeClaim(claim, !writable)
                    .build()));
    return volumes;
  }

  public List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    claims.forEach(
        (claim, writable) ->
            mounts.add(
                new VolumeMountBuilder()
                    .withName(volumeName(claim))
                    .withMountPath(MOUNT_ROOT + claim)
                    .withReadOnly(!writable)
                    .build()));
    return mounts;
  }

  /**
   * The location a container path stands for: the inverse of {@link #input}/{@link #output}, so
   * status shows {@code pvc://models/iris/run-1} rather than a path inside the trainer.
   */
  public static String locationOf(String containerPath) {
    if (containerPath == null || !containerPath.startsWith(MOUNT_ROOT)) {
      return containerPath;
    }
    return PVC_SCHEME + containerPath.substring(MOUNT_ROOT.length());
  }

  private static String volumeName(String claim) {
    return ObjectNames.bounded("pvc-" + claim, "");
  }
}
