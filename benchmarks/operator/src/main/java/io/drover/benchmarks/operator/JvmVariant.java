package io.drover.benchmarks.operator;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** JVM settings to compare the operator's memory under, on one world. */
record JvmVariant(String name, List<String> jvm, Map<String, String> env) {

  static final List<JvmVariant> ALL =
      List.of(
          new JvmVariant("production", OperatorReplica.PRODUCTION_JVM, Map.of()),
          // glibc gives each thread that allocates natively its own arena (8 per core): the JIT
          // compilers and Netty's threads leave tens of MiB resident there.
          new JvmVariant(
              "production-arenas2",
              OperatorReplica.PRODUCTION_JVM,
              Map.of("MALLOC_ARENA_MAX", "2")),
          // Without the image's native-heap trim: glibc keeps what was freed resident.
          new JvmVariant(
              "production-no-trim",
              OperatorReplica.PRODUCTION_JVM.stream()
                  .filter(option -> !option.startsWith("-XX:TrimNativeHeapInterval"))
                  .toList(),
              Map.of()),
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

  String describe() {
    return String.join(
        " ",
        Stream.concat(
                env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()), jvm.stream())
            .toList());
  }
}
