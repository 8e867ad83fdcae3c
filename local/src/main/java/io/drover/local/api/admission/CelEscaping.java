package io.drover.local.api.admission;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Kubernetes names object fields in CEL: {@code x-y} is {@code self.x__dash__y}, {@code a.b} is
 * {@code self.a__dot__b}, reserved words such as {@code namespace} become {@code __namespace__}; a
 * name with other characters, or starting with a digit, is not accessible.
 */
final class CelEscaping {
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");
  private static final Pattern EXPAND = Pattern.compile("(__|[-./]|[^a-zA-Z0-9-./_])");
  private static final Pattern UNEXPAND = Pattern.compile("(_{2}[^_]+_{2})");

  private CelEscaping() {}

  static Optional<String> escape(String ident) {
    if (ident.isEmpty() || Character.isDigit(ident.charAt(0))) {
      return Optional.empty();
    }
    if (RESERVED.contains(ident)) {
      return Optional.of("__" + ident + "__");
    }
    if (isPlain(ident)) {
      return Optional.of(ident);
    }
    Matcher m = EXPAND.matcher(ident);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement =
          switch (m.group()) {
            case "__" -> "__underscores__";
            case "." -> "__dot__";
            case "-" -> "__dash__";
            case "/" -> "__slash__";
            default -> null;
          };
      if (replacement == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  /** Letters, digits and single underscores need no escaping. */
  private static boolean isPlain(String ident) {
    for (int i = 0; i < ident.length(); i++) {
      char c = ident.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && !(c == '_' && (i == 0 || ident.charAt(i - 1) != '_'))) {
        return false;
      }
    }
    return true;
  }

  static Optional<String> unescape(String escaped) {
    if (!escaped.contains("__")) {
      return Optional.of(escaped);
    }
    Matcher m = UNEXPAND.matcher(escaped);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String s = m.group();
      String contents = s.substring(2, s.length() - 2);
      String replacement =
          switch (contents) {
            case "underscores" -> "__";
            case "dot" -> ".";
            case "dash" -> "-";
            case "slash" -> "/";
            default -> {
              if (RESERVED.contains(contents) && s.length() == escaped.length()) {
                yield contents;
              }
              yield null;
            }
          };
      if (replacement == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }
}
