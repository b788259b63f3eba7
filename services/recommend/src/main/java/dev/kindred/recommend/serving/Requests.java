package dev.kindred.recommend.serving;

import dev.kindred.web.ProblemException;

/** The request checks every serving endpoint shares; each names the wrong field. */
public final class Requests {

  public static final int MAX_COUNT = 100;

  private Requests() {
  }

  public static void count(int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw ProblemException.field("count", "must be between 1 and " + MAX_COUNT);
    }
  }

  public static void userId(String userId) {
    if (userId == null || userId.isBlank() || userId.length() > 256) {
      throw ProblemException.field("userId", "must be 1-256 characters");
    }
  }

  public static void itemId(String field, String itemId) {
    if (itemId == null || itemId.isBlank() || itemId.length() > 256) {
      throw ProblemException.field(field, "must be 1-256 characters");
    }
  }
}
