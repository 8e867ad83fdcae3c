package io.drover.serving.router;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * In a cluster: watches the ConfigMap the operator writes (key {@value #KEY}) through the
 * Kubernetes API, so a change routes traffic within a second, with no kubelet volume sync delay. An
 * informer, so a dropped watch is re-established and re-listed by the client.
 */
public final class ConfigMapTableWatcher implements AutoCloseable {

  public static final String KEY = "routes.yaml";
  private static final Logger LOG = Logger.getLogger(ConfigMapTableWatcher.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final TableHolder tables;
  private SharedIndexInformer<ConfigMap> informer;

  public ConfigMapTableWatcher(
      KubernetesClient client, String namespace, String name, TableHolder tables) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.tables = tables;
  }

  public void start() {
    informer =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap configMap) {
                    offer(configMap);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap configMap) {
                    offer(configMap);
                  }

                  @Override
                  public void onDelete(ConfigMap configMap, boolean unknownFinalState) {
                    LOG.errorf(
                        "ConfigMap %s/%s was deleted; the last good table stays in force",
                        namespace, name);
                  }
                });
  }

  private void offer(ConfigMap configMap) {
    String source = "ConfigMap " + namespace + "/" + name;
    String text = configMap.getData() == null ? null : configMap.getData().get(KEY);
    if (text == null) {
      LOG.errorf("%s has no %s key; the last good table stays in force", source, KEY);
      return;
    }
    tables.offer(text, source);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
