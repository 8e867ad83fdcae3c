package io.drover.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The relative links of a tree of Markdown files, checked the way GitHub renders them: a link's
 * path must name a file or folder inside the tree, and its {@code #fragment}, when it points into a
 * Markdown file, one of that file's headings.
 */
public final class MarkdownLinks {
  /** {@code [text](target)} and {@code ![alt](target)}, target up to a space or ')'. */
  private static final Pattern INLINE =
      Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");

  /** {@code [label]: target} reference definitions. */
  private static final Pattern REFERENCE =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(\\s.*)?$");

  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

  /** One link that leads nowhere. */
  public record Broken(Path file, int line, String target, String why) {
    @Override
    public String toString() {
      return "%s:%d: (%s) %s".formatted(file, line, target, why);
    }
  }

  private final Path root;
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  private MarkdownLinks(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Every broken relative link in the {@code *.md} files under {@code root}. */
  public static List<Broken> brokenUnder(Path root) {
    MarkdownLinks links = new MarkdownLinks(root);
    List<Broken> broken = new ArrayList<>();
    for (Path file : links.markdownFiles()) {
      broken.addAll(links.check(file));
    }
    return broken;
  }

  /** The Markdown files of the tree, leaving out build output and hidden folders. */
  private List<Path> markdownFiles() {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(p -> p.getFileName().toString().endsWith(".md"))
          .filter(Files::isRegularFile)
          .filter(p -> !skipped(root.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private List<Broken> check(Path file) {
    List<Broken> broken = new ArrayList<>();
    List<String> lines = prose(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = INLINE_CODE.matcher(lines.get(i)).replaceAll("");
      List<String> targets = new ArrayList<>();
      Matcher inline = INLINE.matcher(line);
      while (inline.find()) {
        targets.add(inline.group(1));
      }
      Matcher reference = REFERENCE.matcher(line);
      if (reference.matches()) {
        targets.add(reference.group(1));
      }
      for (String target : targets) {
        String why = whyBroken(file, target);
        if (why != null) {
          broken.add(new Broken(root.relativize(file), i + 1, target, why));
        }
      }
    }
    return broken;
  }

  /** Why {@code target}, written in {@code file}, leads nowhere; null when it leads somewhere. */
  private String whyBroken(Path file, String target) {
    if (SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null; // absolute URLs are not ours to check offline
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String fragment = hash < 0 ? null : target.substring(hash + 1);
    Path resolved;
    if (path.isEmpty()) {
      resolved = file;
    } else {
      String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
      resolved =
          (decoded.startsWith("/")
                  ? root.resolve(decoded.substring(1))
                  : file.getParent().resolve(decoded))
              .normalize();
      if (!resolved.startsWith(root)) {
        return "points outside the repository";
      }
      if (!Files.exists(resolved)) {
        return "no such file or folder: " + root.relativize(resolved);
      }
    }
    if (fragment != null
        && !fragment.isEmpty()
        && resolved.getFileName().toString().endsWith(".md")
        && !anchorsOf(resolved).contains(fragment.toLowerCase(Locale.ROOT))) {
      return "no heading #%s in %s".formatted(fragment, root.relativize(resolved));
    }
    return null;
  }

  private Set<String> anchorsOf(Path file) {
    return anchors.computeIfAbsent(
        file,
        f -> {
          Set<String> slugs = new HashSet<>();
          Map<String, Integer> seen = new HashMap<>();
          for (String line : prose(f)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
              String slug = slug(heading.group(1));
              int n = seen.merge(slug, 1, Integer::sum) - 1;
              slugs.add(n == 0 ? slug : slug + "-" + n);
            }
          }
          return slugs;
        });
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
              } else if (c == ' ') {
                slug.append('-');
              }
            });
    return slug.toString();
  }

  /** The file's lines with fenced code blocks blanked, so code is never read as links. */
  private static List<String> prose(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> out = new ArrayList<>(lines.size());
    String fence = null;
    for (String line : lines) {
      String trimmed = line.stripLeading();
      if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
        fence = trimmed.substring(0, 3);
        out.add("");
      } else if (fence != null) {
        if (trimmed.startsWith(fence)) {
          fence = null;
        }
        out.add("");
      } else {
        out.add(line);
      }
    }
    return out;
  }
}
