package io.drover.serving.model;

import io.drover.contract.bundle.ModelBundles;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bundle formats this server loads, by the manifest's {@code format}. */
public enum ModelFormat {
  /** The reference trainer's: DJL parameters plus the architecture to rebuild. */
  DROVER_MLP(ModelBundles.FORMAT_MLP, "drover_mlp"),
  /** A TorchScript module ({@code torch.jit.save}), e.g. exported from Python; weights: a .pt. */
  TORCHSCRIPT("torchscript", "pytorch_torchscript");

  private final String manifestName;
  private final String platform;

  ModelFormat(String manifestName, String platform) {
    this.manifestName = manifestName;
    this.platform = platform;
  }

  public String manifestName() {
    return manifestName;
  }

  /** The {@code platform} in the model metadata; {@code pytorch_torchscript} is KServe's name. */
  public String platform() {
    return platform;
  }

  public static Optional<ModelFormat> of(String manifestName) {
    return Arrays.stream(values()).filter(f -> f.manifestName.equals(manifestName)).findFirst();
  }

  public static String supported() {
    return Arrays.stream(values()).map(ModelFormat::manifestName).collect(Collectors.joining(", "));
  }
}
