package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTablesTest {

  @Test
  void readsTheDocumentedShape() {
    RoutingTable table =
        RoutingTables.parse(
            """
            stickyHeader: X-User-Id
            variants:
              - {name: iris-v3, role: stable,    url: "http://127.0.0.1:9001", weight: 90}
              - {name: iris-v4, role: candidate, url: "http://127.0.0.1:9002", weight: 10}
              - {name: iris-v5, role: shadow,    url: "http://127.0.0.1:9003", mirrorPercent: 100}
            """);
    assertThat(table.stickyHeader()).isEqualTo("x-user-id");
    assertThat(table.primaries())
        .extracting(RoutingTable.Variant::name)
        .containsExactly("iris-v3", "iris-v4");
    assertThat(table.shadows())
        .singleElement()
        .satisfies(s -> assertThat(s.mirrorPercent()).isEqualTo(100));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "variants: []|non-empty list",
        "variants: [{name: a, role: stable, url: 'http://h:1'}]|weight is required",
        "variants: [{name: a, role: boss, url: 'http://h:1', weight: 1}]|role boss is not one of",
        "variants: [{name: a, role: stable, url: 'ftp://h', weight: 1}]|scheme must be http or https",
        "variants: [{name: a, role: stable, url: 'http://h:1/x', weight: 1}]|must have no path",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: -1}]|from 0 to",
        "variants: [{name: a, role: stable, url: 'http://h:1', wieght: 1}]|unknown key wieght",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 0}]|positive weight",
        "variants: [{name: a, role: shadow, url: 'http://h:1', weight: 5}]|not weight",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1},"
            + " {name: a, role: candidate, url: 'http://h:2', weight: 1}]|appears twice",
        "stickyHeader: 'bad header'\\nvariants: []|not a header name",
        "[1, 2]|must be a mapping",
        "variants: [{name: a, role: stable, url: 'http://h:0', weight: 1}]|port must be from 1",
        "variants: [{name: a, role: stable, url: 'http://h:65536', weight: 1}]|port must be",
        "variants: [{name: a, role: stable, url: 'http://u:p@h:1', weight: 1}]|user info",
        "variants: [{name: a, role: stable, url: 'http://h:1?x=1', weight: 1}]|no query",
        "variants: [{name: a, role: stable, url: 'http://h:1#top', weight: 1}]|no query",
        "variants: [{name: a, role: stable, url: 'http://h:1//', weight: 1}]|no path",
        "variants: [{name: a, role: stable, url: 'gopher://h:1', weight: 1}]|http or https",
        "variants: [{name: a, role: stable, url: 'h:1', weight: 1}]|http or https",
        "variants: [{name: a, role: stable, url: 'http://h_x:1', weight: 1}]|names no host",
        "variants: [{name: a, role: Stable, url: 'http://h:1', weight: 1}]|role Stable is not",
        "variants: [{name: a, role: CANDIDATE, url: 'http://h:1', weight: 1}]|lower case",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1, weight: 2}]|weight",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1}]\\nvariants: []|Duplicate field 'variants'",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1, scaledToZero: 'yes'}]"
            + "|scaledToZero must be true or false",
        "variants: [{name: a, role: shadow, url: 'http://h:1', scaledToZero: true}]|cannot be",
        "closed: {opensAt: 'tomorrow'}|RFC 3339",
        "closed: {opensAt: '2026-11-23T08:00:00Z', why: x}|unknown key why",
        "closed: {reason: ''}|reason must be",
        "closed: true|closed must be a mapping",
      })
  void refusesWithAMessageSayingWhat(String yaml, String message) {
    assertThatThrownBy(() -> RoutingTables.parse(yaml.replace("\\n", "\n")))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining(message);
  }

  @Test
  void duplicateKeysAreRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                RoutingTables.parse(
                    "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1, weight: 2}]"))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining("Duplicate field 'weight'");
    assertThatThrownBy(
            () ->
                RoutingTables.parse(
                    "{\"variants\": [{\"name\": \"a\", \"name\": \"b\", \"role\":"
                        + " \"stable\", \"url\": \"http://h:1\", \"weight\": 1}]}"))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void readsScaledToZeroClosedAndAHostWithATrailingSlash() {
    RoutingTable table =
        RoutingTables.parse(
            """
            closed: {opensAt: "2026-11-23T09:00:00+01:00", reason: "weekdays only"}
            variants:
              - {name: a, role: stable, url: "https://h:8443/", weight: 1, scaledToZero: true}
              - {name: b, role: candidate, url: "http://h", weight: 0}
            """);
    assertThat(table.closed().opensAt()).hasToString("2026-11-23T08:00:00Z");
    assertThat(table.closed().reason()).isEqualTo("weekdays only");
    assertThat(table.variant("a").scaledToZero()).isTrue();
    assertThat(table.variant("a").url()).hasToString("https://h:8443");
    assertThat(table.variant("b").scaledToZero()).isFalse();
    assertThat(RoutingTables.parse("closed: {}").closed().reason())
        .isEqualTo(RoutingTables.DEFAULT_CLOSED_REASON);
    assertThat(RoutingTables.parse("closed: {}").closed().opensAt()).isNull();
  }

  @Test
  void aTableOverOneMebibyteIsRefusedBeforeItIsParsed() {
    String head = "variants:\n  - {name: a, role: stable, url: \"http://h:1\", weight: 1}\n";
    String big = head + "#".repeat(RoutingTables.MAX_BYTES - head.length() + 1);
    assertThatThrownBy(() -> RoutingTables.parse(big))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining("1048577 bytes, over the limit of 1048576 (1 MiB)");
    assertThat(RoutingTables.parse(big.substring(0, big.length() - 1)).variants()).hasSize(1);
  }

  @Test
  void stickyPicksAreStableAndFollowTheWeights() {
    RoutingTable table =
        RoutingTables.parse(
            """
            variants:
              - {name: a, role: stable, url: "http://h:1", weight: 75}
              - {name: b, role: candidate, url: "http://h:2", weight: 25}
            """);
    int b = 0;
    for (int user = 0; user < 10_000; user++) {
      String first = VariantPicker.pick(table, "u" + user).name();
      assertThat(VariantPicker.pick(table, "u" + user).name()).isEqualTo(first);
      b += first.equals("b") ? 1 : 0;
    }
    assertThat(b / 10_000.0).isBetween(0.23, 0.27);
  }

  @Test
  void theFileWatcherFollowsTheFileAndKeepsTheLastGoodTable(@TempDir Path temp) throws Exception {
    Path file = temp.resolve("routes.yaml");
    Files.writeString(
        file, "variants:\n  - {name: one, role: stable, url: \"http://h:1\", weight: 1}\n");
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    TableHolder tables = new TableHolder();
    try (FileTableWatcher watcher = new FileTableWatcher(vertx, file, tables)) {
      watcher.start();
      assertThat(tables.table().variants().get(0).name()).isEqualTo("one");
      Files.writeString(
          file, "variants:\n  - {name: two, role: stable, url: \"http://h:1\", weight: 1}\n");
      org.awaitility.Awaitility.await()
          .until(() -> tables.table().variants().get(0).name().equals("two"));
      Files.writeString(file, "variants:\n  - {name: three}\n");
      org.awaitility.Awaitility.await().until(() -> tables.refusals() == 1);
      assertThat(tables.table().variants().get(0).name()).isEqualTo("two");
    } finally {
      vertx.close();
    }
  }

  @Test
  void theFileWatcherRefusesAnOversizedFileByItsSizeOnceAndKeepsTheTable(@TempDir Path temp)
      throws Exception {
    Path file = temp.resolve("routes.yaml");
    Files.writeString(
        file, "variants:\n  - {name: one, role: stable, url: \"http://h:1\", weight: 1}\n");
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    TableHolder tables = new TableHolder();
    try (FileTableWatcher watcher = new FileTableWatcher(vertx, file, tables)) {
      watcher.start();
      Files.writeString(file, "#".repeat(5_000_000));
      org.awaitility.Awaitility.await().until(() -> tables.refusals() == 1);
      assertThat(tables.lastError()).contains("5000000 bytes, over the limit");
      long polls = watcher.polls();
      org.awaitility.Awaitility.await().until(() -> watcher.polls() >= polls + 3);
      assertThat(tables.refusals()).isEqualTo(1);
      assertThat(tables.table().variants().get(0).name()).isEqualTo("one");
    } finally {
      vertx.close();
    }
  }

  /**
   * A read that does not finish (here a named pipe nobody writes to, standing for a slow file
   * system or a huge table) holds up the following polls instead of queueing them behind a lock.
   */
  @Test
  void theFileWatcherNeverStartsAPollWhileOneIsRunning(@TempDir Path temp) throws Exception {
    Path fifo = temp.resolve("pipe");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
        "needs mkfifo to make a file whose read blocks");
    Path good = temp.resolve("good.yaml");
    Files.writeString(
        good, "variants:\n  - {name: one, role: stable, url: \"http://h:1\", weight: 1}\n");
    Path file = temp.resolve("routes.yaml");
    Files.createSymbolicLink(file, good);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    TableHolder tables = new TableHolder();
    try (FileTableWatcher watcher = new FileTableWatcher(vertx, file, tables)) {
      watcher.start();
      relink(temp, file, fifo);
      long polls = watcher.polls();
      // The next poll starts and blocks in the read; for a second (four poll periods) no other
      // poll starts.
      org.awaitility.Awaitility.await().until(() -> watcher.polls() == polls + 1);
      org.awaitility.Awaitility.await()
          .during(java.time.Duration.ofSeconds(1))
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> watcher.polls() == polls + 1);
      // Unblocked, it takes what it read, and polling goes on.
      Path two = temp.resolve("two.yaml");
      Files.writeString(
          two, "variants:\n  - {name: two, role: stable, url: \"http://h:1\", weight: 1}\n");
      relink(temp, file, two);
      Files.writeString(
          fifo, "variants:\n  - {name: piped, role: stable, url: \"http://h:1\", weight: 1}\n");
      org.awaitility.Awaitility.await()
          .until(() -> tables.table().variants().get(0).name().equals("two"));
      assertThat(watcher.polls()).isGreaterThan(polls + 1);
    } finally {
      vertx.close();
    }
  }

  private static void relink(Path temp, Path link, Path target) throws Exception {
    Path fresh = temp.resolve("link-" + System.nanoTime());
    Files.createSymbolicLink(fresh, target);
    Files.move(fresh, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
