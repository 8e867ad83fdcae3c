package io.drover.local.runner.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's volumes as folders on this machine: a PersistentVolumeClaim is {@code
 * <home>/volumes/<claim>} (shared by every pod that mounts it; read-only mounts are not enforced),
 * an emptyDir a folder of the pod's own, ConfigMap and Secret volumes (also as projected sources)
 * their keys written as files once, when the pod starts (later changes are not followed), a
 * hostPath the path itself. Other volume types cannot be set up here.
 */
final class Volumes {

  private final Map<String, Path> byName;

  private Volumes(Map<String, Path> byName) {
    this.byName = byName;
  }

  /** Sets up every volume of the pod; the pod's own ones under {@code podDir/volumes}. */
  static Volumes prepare(KubernetesClient client, Pod pod, Path home, Path podDir)
      throws MountFailure {
    Map<String, Path> byName = new HashMap<>();
    String namespace = pod.getMetadata().getNamespace();
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      Path own = podDir.resolve("volumes").resolve(volume.getName());
      try {
        if (volume.getPersistentVolumeClaim() != null) {
          Path claim =
              home.resolve("volumes").resolve(volume.getPersistentVolumeClaim().getClaimName());
          Files.createDirectories(claim);
          byName.put(volume.getName(), claim);
        } else if (volume.getEmptyDir() != null) {
          Files.createDirectories(own);
          byName.put(volume.getName(), own);
        } else if (volume.getConfigMap() != null) {
          var source = volume.getConfigMap();
          ConfigMap map =
              client.configMaps().inNamespace(namespace).withName(source.getName()).get();
          if (map == null && !Boolean.TRUE.equals(source.getOptional())) {
            throw new MountFailure(
                mountFailed(volume, "configmap \"" + source.getName() + "\" not found"));
          }
          Files.createDirectories(own);
          if (map != null) {
            writeKeys(
                own,
                configMapData(map),
                source.getItems(),
                source.getDefaultMode(),
                volume,
                "configmap",
                source.getName(),
                source.getOptional());
          }
          byName.put(volume.getName(), own);
        } else if (volume.getSecret() != null) {
          var source = volume.getSecret();
          Secret secret =
              client.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
          if (secret == null && !Boolean.TRUE.equals(source.getOptional())) {
            throw new MountFailure(
                mountFailed(volume, "secret \"" + source.getSecretName() + "\" not found"));
          }
          Files.createDirectories(own);
          if (secret != null) {
            writeKeys(
                own,
                secretData(secret),
                source.getItems(),
                source.getDefaultMode(),
                volume,
                "secret",
                source.getSecretName(),
                source.getOptional());
          }
          byName.put(volume.getName(), own);
        } else if (volume.getProjected() != null) {
          Files.createDirectories(own);
          for (VolumeProjection projection : volume.getProjected().getSources()) {
            project(
                client, namespace, volume, projection, own, volume.getProjected().getDefaultMode());
          }
          byName.put(volume.getName(), own);
        } else if (volume.getHostPath() != null) {
          Path path = Path.of(volume.getHostPath().getPath());
          String type = volume.getHostPath().getType();
          if ("DirectoryOrCreate".equals(type)) {
            Files.createDirectories(path);
          }
          byName.put(volume.getName(), path);
        } else {
          throw new MountFailure(
              mountFailed(
                  volume,
                  "this volume type is not supported in local mode; use a"
                      + " persistentVolumeClaim, emptyDir, configMap, secret, projected or hostPath volume"));
        }
      } catch (IOException e) {
        throw new MountFailure(mountFailed(volume, e.toString()));
      }
    }
    return new Volumes(byName);
  }

  /** The container's mount table, subPaths resolved. */
  MountTable mountsOf(Container container) throws ConfigFailure {
    List<MountTable.Mount> mounts = new ArrayList<>();
    if (container.getVolumeMounts() != null) {
      for (VolumeMount mount : container.getVolumeMounts()) {
        Path host = byName.get(mount.getName());
        if (host == null) {
          throw new ConfigFailure(
              "volume \""
                  + mount.getName()
                  + "\" is mounted by container \""
                  + container.getName()
                  + "\" but not declared in spec.volumes",
              true);
        }
        if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
          throw new ConfigFailure(
              "subPathExpr is not supported in local mode (volume mount \""
                  + mount.getName()
                  + "\" of container \""
                  + container.getName()
                  + "\"); use subPath",
              true);
        }
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
          host = host.resolve(mount.getSubPath()).normalize();
          if (!Files.exists(host)) {
            try {
              Files.createDirectories(host);
            } catch (IOException e) {
              throw new ConfigFailure("cannot create subPath " + host + ": " + e.getMessage());
            }
          }
        }
        String path = mount.getMountPath();
        String normalized =
            path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        mounts.add(new MountTable.Mount(normalized, host));
      }
    }
    return new MountTable(mounts);
  }

  private static void project(
      KubernetesClient client,
      String namespace,
      Volume volume,
      VolumeProjection projection,
      Path dir,
      Integer defaultMode)
      throws IOException, MountFailure {
    if (projection.getConfigMap() != null) {
      var source = projection.getConfigMap();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
      if (map == null) {
        if (!Boolean.TRUE.equals(source.getOptional())) {
          throw new MountFailure(
              mountFailed(volume, "configmap \"" + source.getName() + "\" not found"));
        }
        return;
      }
      writeKeys(
          dir,
          configMapData(map),
          source.getItems(),
          defaultMode,
          volume,
          "configmap",
          source.getName(),
          source.getOptional());
    } else if (projection.getSecret() != null) {
      var source = projection.getSecret();
      Secret secret = client.secrets().inNamespace(namespace).withName(source.getName()).get();
      if (secret == null) {
        if (!Boolean.TRUE.equals(source.getOptional())) {
          throw new MountFailure(
              mountFailed(volume, "secret \"" + source.getName() + "\" not found"));
        }
        return;
      }
      writeKeys(
          dir,
          secretData(secret),
          source.getItems(),
          defaultMode,
          volume,
          "secret",
          source.getName(),
          source.getOptional());
    }
    // serviceAccountToken, downwardAPI and clusterTrustBundle sources are left out: pods reach the
    // API through KUBECONFIG in local mode.
  }

  private static Map<String, byte[]> configMapData(ConfigMap map) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return data;
  }

  static Map<String, byte[]> secretData(Secret secret) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  private static void writeKeys(
      Path dir,
      Map<String, byte[]> data,
      List<KeyToPath> items,
      Integer defaultMode,
      Volume volume,
      String kind,
      String source,
      Boolean optional)
      throws IOException, MountFailure {
    if (items == null || items.isEmpty()) {
      for (var entry : data.entrySet()) {
        write(dir.resolve(entry.getKey()), entry.getValue(), defaultMode);
      }
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new MountFailure(
            mountFailed(
                volume,
                "configmap".equals(kind)
                    ? "configmap references non-existent config key: " + item.getKey()
                    : "references non-existent secret key: " + item.getKey()));
      }
      Path target = dir.resolve(item.getPath()).normalize();
      if (!target.startsWith(dir)) {
        throw new MountFailure(
            mountFailed(volume, "item path " + item.getPath() + " leaves the volume"));
      }
      Files.createDirectories(target.getParent());
      write(target, value, item.getMode() != null ? item.getMode() : defaultMode);
    }
  }

  private static void write(Path file, byte[] content, Integer mode) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, content);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    int bits = mode == null ? 0644 : mode;
    try {
      Files.setPosixFilePermissions(file, permissions(bits));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: modes are left as they are
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    // The runner must be able to rewrite the file on a restart.
    set.add(PosixFilePermission.OWNER_WRITE);
    set.add(PosixFilePermission.OWNER_READ);
    return set;
  }

  private static String mountFailed(Volume volume, String why) {
    return "MountVolume.SetUp failed for volume \"" + volume.getName() + "\" : " + why;
  }
}
