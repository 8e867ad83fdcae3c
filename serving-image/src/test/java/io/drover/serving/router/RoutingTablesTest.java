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
        "variants: [{name: a, role: boss, url: 'http://h:1', weight: 1}]|role must be",
        "variants: [{name: a, role: stable, url: 'ftp://h', weight: 1}]|not an http(s) URL",
        "variants: [{name: a, role: stable, url: 'http://h:1/x', weight: 1}]|not an http(s) URL",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: -1}]|from 0 to",
        "variants: [{name: a, role: stable, url: 'http://h:1', wieght: 1}]|unknown key wieght",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 0}]|positive weight",
        "variants: [{name: a, role: shadow, url: 'http://h:1', weight: 5}]|not weight",
        "variants: [{name: a, role: stable, url: 'http://h:1', weight: 1},"
            + " {name: a, role: candidate, url: 'http://h:2', weight: 1}]|appears twice",
        "stickyHeader: 'bad header'\\nvariants: []|not a header name",
        "[1, 2]|must be a mapping",
      })
  void refusesWithAMessageSayingWhat(String yaml, String message) {
    assertThatThrownBy(() -> RoutingTables.parse(yaml.replace("\\n", "\n")))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining(message);
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
}
