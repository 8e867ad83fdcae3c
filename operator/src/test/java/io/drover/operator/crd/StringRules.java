package io.drover.operator.crd;

import java.util.regex.Pattern;

/**
 * Evaluates the few CEL forms Drover's string rules are written in — {@code self.matches('re')},
 * {@code self.startsWith('text')}, each optionally negated, joined by {@code ||} — so a test can
 * ask what a committed CRD admits. Any other form fails the test rather than guess.
 */
final class StringRules {

  private static final Pattern CALL =
      Pattern.compile("^(!)?self\\.(matches|startsWith)\\('((?:[^'\\\\]|\\\\.)*)'\\)$");

  private StringRules() {}

  static boolean admits(String rule, String value) {
    for (String term : rule.split("\\s*\\|\\|\\s*")) {
      var call = CALL.matcher(term.strip());
      if (!call.matches()) {
        throw new IllegalArgumentException("not a rule form this evaluator knows: " + term);
      }
      String argument = unescape(call.group(3));
      boolean result =
          call.group(2).equals("matches")
              ? Pattern.compile(argument).matcher(value).find()
              : value.startsWith(argument);
      if (call.group(1) != null) {
        result = !result;
      }
      if (result) {
        return true;
      }
    }
    return false;
  }

  /** A CEL single-quoted string's escapes: {@code \\} is one backslash. */
  private static String unescape(String literal) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length()) {
        char next = literal.charAt(++i);
        text.append(next == '\\' || next == '\'' ? String.valueOf(next) : "\\" + next);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
