package dev.kindred.tenancy;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;

/**
 * Web origins ({@code scheme://host[:port]}) as a browser sends them in the {@code Origin} header:
 * what a tenant lists in {@code clientAccess.allowedOrigins}, and the check a publishable key's
 * request passes.
 */
public final class Origins {

  private Origins() {
  }

  /** Whether {@code text} is an http(s) origin without path, query or fragment. */
  public static boolean isOrigin(String text) {
    if (text == null || text.isBlank() || text.length() > 300) {
      return false;
    }
    try {
      URI u = new URI(text);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getUserInfo() == null
          && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null && u.getRawFragment() == null;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Whether a request from {@code origin} (null: not a browser's cross-origin request) may use a key
   * bound to {@code allowed} (empty: any origin).
   */
  public static boolean allows(Collection<String> allowed, String origin) {
    if (allowed == null || allowed.isEmpty() || origin == null) {
      return true;
    }
    String o = normalise(origin);
    for (String a : allowed) {
      if (normalise(a).equals(o)) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    if (o.startsWith("https://") && o.endsWith(":443")) {
      o = o.substring(0, o.length() - 4);
    } else if (o.startsWith("http://") && o.endsWith(":80")) {
      o = o.substring(0, o.length() - 3);
    }
    return o;
  }
}
