package dev.kindred.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) over plain maps: null deletes, objects merge, the rest replaces. */
public final class MergePatch {
  private MergePatch() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
    Map<String, Object> out = new LinkedHashMap<>(target == null ? Map.of() : target);
    patch.forEach((k, v) -> {
      if (v == null) {
        out.remove(k);
      } else if (v instanceof Map<?, ?> pv && out.get(k) instanceof Map<?, ?> tv) {
        out.put(k, apply((Map<String, Object>) tv, (Map<String, Object>) pv));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }
}
