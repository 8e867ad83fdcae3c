package io.drover.trainer;

/**
 * {@code java -jar drover-trainer.jar}: runs the trainer contract from the process environment and
 * exits with its code.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Before anything touches DJL: never download (the image carries the natives), and one
    // PyTorch thread each, which makes runs reproducible and steady on shared nodes. A -D flag
    // (JAVA_TOOL_OPTIONS) overrides either.
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    System.exit(TrainerApplication.run(System.getenv(), System.out));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
