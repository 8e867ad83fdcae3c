package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drover.e2e.support.MarkdownLinks;
import io.drover.e2e.support.MarkdownLinks.Broken;
import io.drover.e2e.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown leads to a file or folder of the repository, and
 * every {@code #fragment} into a Markdown file to one of its headings.
 */
class MarkdownLinksTest {

  @Test
  void everyRelativeLinkInTheRepositoryLeadsSomewhere() {
    List<Broken> broken = MarkdownLinks.brokenUnder(Repo.ROOT);

    assertThat(broken).as("broken links in the repository's *.md files").isEmpty();
  }

  @Test
  void theArchitectureDocumentIsInTheRepositoryAndTheReadmeLinksIt() throws IOException {
    assertThat(Repo.ROOT.resolve("docs/architecture.md")).isRegularFile();
    assertThat(Files.readString(Repo.ROOT.resolve("README.md"))).contains("(docs/architecture.md)");
  }

  @Test
  void aMissingFileAHeadingThatIsNotThereAndALinkOutOfTheTreeAreEachFound(@TempDir Path tree)
      throws IOException {
    // Proves the check above can fail: one good link and three broken ones, code left alone.
    Files.createDirectories(tree.resolve("docs"));
    Files.writeString(tree.resolve("docs/guide.md"), "# Guide\n\n## Two words `here`\n");
    Files.writeString(
        tree.resolve("README.md"),
        """
        # Project
        See [the guide](docs/guide.md#two-words-here), [design](../shared/DESIGN.md),
        [gone](docs/missing.md) and [wrong heading](docs/guide.md#three-words).
        [web](https://example.com/x.md) and [self](#project) are fine.

        ```
        [in code](nowhere.md)
        ```
        and `[inline](nowhere.md)` too.
        """);

    List<Broken> broken = MarkdownLinks.brokenUnder(tree);

    assertThat(broken)
        .extracting(Broken::target, Broken::why)
        .containsExactlyInAnyOrder(
            tuple("../shared/DESIGN.md", "points outside the repository"),
            tuple("docs/missing.md", "no such file or folder: docs/missing.md"),
            tuple("docs/guide.md#three-words", "no heading #three-words in docs/guide.md"));
    assertThat(broken).extracting(Broken::line).containsOnly(2, 3);
  }
}
