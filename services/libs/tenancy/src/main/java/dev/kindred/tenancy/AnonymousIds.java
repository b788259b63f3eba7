package dev.kindred.tenancy;

import java.util.regex.Pattern;

/**
 * Anonymous visitors' ids: {@code anon-} and at least 16 random characters (the SDKs use a UUID),
 * made on the visitor's device. Unguessable, so holding one is what lets a page with a publishable
 * key track and read for that visitor without a user token, as Segment's anonymousId. After login,
 * {@code identify} merges the anonymous history into the user.
 */
public final class AnonymousIds {

  public static final String PREFIX = "anon-";
  private static final Pattern SHAPE = Pattern.compile("anon-[A-Za-z0-9_-]{16,100}");

  private AnonymousIds() {
  }

  public static boolean is(String userId) {
    return userId != null && SHAPE.matcher(userId).matches();
  }
}
