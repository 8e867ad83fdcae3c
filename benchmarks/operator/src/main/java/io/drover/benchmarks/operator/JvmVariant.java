package io.drover.benchmarks.operator;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** JVM settings to compare the operator's memory under, on one world. */
record JvmVariant(String name, List<String> jvm, Map<String, String> env) {

  /** The image's options with the serial collector in place of the parallel one and its tuning. */
  private static final List<String> SERIAL =
      Stream.concat(
              Stream.of("-XX:+UseSerialGC"),
              OperatorReplica.PRODUCTION_JVM.stream()
                  .filter(
                      option ->
                          !option.equals("-XX:+UseParallelGC")
                              && !option.startsWith("-XX:GCTimeRatio")
                              && !option.startsWith("-XX:AdaptiveSizePolicyWeight")))
          .toList();

  private static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";

  static final List<JvmVariant> ALL =
      List.of(
          new JvmVariant("production", OperatorReplica.PRODUCTION_JVM, Map.of()),
          // The JVM's native memory tracking on (it costs about 7 MiB itself): its summary, written
          // beside the report, says which of the JVM's areas the memory outside the heap is.
          new JvmVariant(
              "production-nmt",
              with(OperatorReplica.PRODUCTION_JVM, NATIVE_MEMORY_TRACKING),
              Map.of()),
          // glibc gives each thread that allocates natively its own arena (8 per core): the JIT
          // compilers and Netty's threads leave tens of MiB resident there.
          new JvmVariant(
              "production-arenas2",
              OperatorReplica.PRODUCTION_JVM,
              Map.of("MALLOC_ARENA_MAX", "2")),
          // The young generation uncapped, as the image was before 2026-12-03 15:00: after a
          // burst (a leader's start-up resync) the parallel collector keeps a young generation of
          // ~70 MiB resident that its adaptive sizing gives back only over minutes.
          new JvmVariant(
              "production-young-uncapped",
              OperatorReplica.PRODUCTION_JVM.stream()
                  .filter(option -> !option.startsWith("-XX:MaxNewSize"))
                  .toList(),
              Map.of()),
          new JvmVariant(
              "production-young16",
              Stream.concat(
                      OperatorReplica.PRODUCTION_JVM.stream()
                          .filter(option -> !option.startsWith("-XX:MaxNewSize")),
                      Stream.of("-XX:MaxNewSize=16m"))
                  .toList(),
              Map.of()),
          // Without the image's native-heap trim: glibc keeps what was freed resident.
          new JvmVariant(
              "production-no-trim",
              OperatorReplica.PRODUCTION_JVM.stream()
                  .filter(option -> !option.startsWith("-XX:TrimNativeHeapInterval"))
                  .toList(),
              Map.of()),
          // The serial collector: no per-thread task queues, a heap sized by the same free ratios.
          new JvmVariant("serial", SERIAL, Map.of()),
          new JvmVariant("serial-nmt", with(SERIAL, NATIVE_MEMORY_TRACKING), Map.of()),
          // What local mode runs the operator with, plus the two arenas.
          new JvmVariant(
              "serial-c1-arenas2",
              List.of(
                  "-XX:MaxRAM=512m",
                  "-XX:MaxRAMPercentage=75",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"),
              Map.of("MALLOC_ARENA_MAX", "2")));

  /** The variant of that name; the error lists the known ones. */
  static JvmVariant named(String name) {
    return ALL.stream()
        .filter(variant -> variant.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown --variants entry "
                        + name
                        + "; known: "
                        + String.join(",", ALL.stream().map(JvmVariant::name).toList())));
  }

  boolean tracksNativeMemory() {
    return jvm.stream().anyMatch(option -> option.startsWith("-XX:NativeMemoryTracking="));
  }

  private static List<String> with(List<String> jvm, String option) {
    return Stream.concat(jvm.stream(), Stream.of(option)).toList();
  }

  String describe() {
    return String.join(
        " ",
        Stream.concat(
                env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()), jvm.stream())
            .toList());
  }
}
