package io.drover.local.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's words: positional arguments and {@code --option value} / {@code --flag}. */
final class Arguments {

  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  /**
   * @param flags options that take no value
   * @throws UsageException for an option this command does not know
   */
  static Arguments parse(List<String> words, Set<String> flags, Set<String> valued) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.startsWith("--") || (word.startsWith("-") && word.length() == 2)) {
        String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
        String value = null;
        int equals = name.indexOf('=');
        if (equals >= 0) {
          value = name.substring(equals + 1);
          name = name.substring(0, equals);
        }
        if (flags.contains(name)) {
          parsed.options.put(name, "true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= words.size()) {
              throw new UsageException(word + " needs a value");
            }
            value = words.get(++i);
          }
          parsed.options.put(name, value);
        } else {
          throw new UsageException("unknown option " + word);
        }
      } else {
        parsed.positional.add(word);
      }
    }
    return parsed;
  }

  List<String> positional() {
    return positional;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  int intOption(String name, int fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, not " + value);
    }
  }

  Path home(Path fallback) {
    String value = options.get("home");
    return value == null ? fallback : Path.of(value).toAbsolutePath();
  }
}
