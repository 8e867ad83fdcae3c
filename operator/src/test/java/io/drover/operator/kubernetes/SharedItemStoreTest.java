package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

/** Informers of the same objects hold one copy of each version between them. */
class SharedItemStoreTest {

  private final SharedCopies<ConfigMap> copies = new SharedCopies<>();
  private final SharedItemStore<ConfigMap> first = new SharedItemStore<>(copies);
  private final SharedItemStore<ConfigMap> second = new SharedItemStore<>(copies);

  @Test
  void twoInformersReadingTheSameVersionKeepOneCopy() {
    first.put("ml/iris", version("uid-1", "7", "a"));
    second.put("ml/iris", version("uid-1", "7", "a"));

    assertThat(second.get("ml/iris")).isSameAs(first.get("ml/iris"));
    assertThat(first.getKey(first.get("ml/iris"))).isEqualTo("ml/iris");
  }

  @Test
  void anInformerBehindKeepsItsOwnVersionUntilItCatchesUp() {
    first.put("ml/iris", version("uid-1", "7", "a"));
    second.put("ml/iris", version("uid-1", "7", "a"));
    first.put("ml/iris", version("uid-1", "8", "b"));

    assertThat(second.get("ml/iris").getData()).containsEntry("value", "a");
    assertThat(first.get("ml/iris").getData()).containsEntry("value", "b");

    second.put("ml/iris", version("uid-1", "8", "b"));
    assertThat(second.get("ml/iris")).isSameAs(first.get("ml/iris"));
  }

  @Test
  void aRecreatedObjectIsNotTakenForTheOldOne() {
    first.put("ml/iris", version("uid-1", "7", "a"));
    second.put("ml/iris", version("uid-2", "7", "recreated"));

    assertThat(second.get("ml/iris").getData()).containsEntry("value", "recreated");
  }

  @Test
  void aResyncOfTheSameVersionKeepsItShared() {
    first.put("ml/iris", version("uid-1", "7", "a"));
    first.put("ml/iris", version("uid-1", "7", "a"));
    second.put("ml/iris", version("uid-1", "7", "a"));

    assertThat(second.get("ml/iris")).isSameAs(first.get("ml/iris"));
  }

  @Test
  void whatEveryInformerDroppedIsForgotten() {
    first.put("ml/iris", version("uid-1", "7", "a"));
    second.put("ml/iris", version("uid-1", "7", "a"));
    first.put("ml/wine", version("uid-2", "9", "w"));

    first.remove("ml/iris");
    second.remove("ml/iris");
    first.remove("ml/wine");

    assertThat(copies.size()).isZero();
    assertThat(first.size()).isZero();
    assertThat(second.keySet()).isEmpty();
  }

  private static ConfigMap version(String uid, String resourceVersion, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ml")
        .withName("iris")
        .withUid(uid)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .addToData("value", value)
        .build();
  }
}
