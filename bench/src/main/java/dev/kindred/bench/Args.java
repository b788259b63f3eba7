package dev.kindred.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs over defaults; an unknown or valueless flag is an error, not ignored. */
public final class Args {

  private Args() {
  }

  public static Map<String, String> parse(String[] argv, Map<String, String> defaults, String... known) {
    Map<String, String> a = new HashMap<>(defaults);
    java.util.Set<String> names = new java.util.HashSet<>(java.util.List.of(known));
    names.addAll(defaults.keySet());
    for (int i = 0; i < argv.length; i += 2) {
      String name = argv[i].replaceFirst("^--", "");
      if (!names.contains(name) || i + 1 >= argv.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + argv[i] + " (known: " + names + ")");
      }
      a.put(name, argv[i + 1]);
    }
    return a;
  }
}
