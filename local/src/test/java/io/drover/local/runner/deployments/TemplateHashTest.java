package io.drover.local.runner.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
  static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("b", "2")
        .addToLabels("a", "1")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void theSameTemplateGivesTheSameHashAndAChangeAnother() {
    String hash = TemplateHash.of(template("x:1"));
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    assertThat(TemplateHash.of(template("x:1"))).isEqualTo(hash);
    assertThat(TemplateHash.of(template("x:2"))).isNotEqualTo(hash);
  }
}
