package dev.kindred.interest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits what a user says they like ("I'm into trail running and ultralight camping") into one
 * phrase per interest, so a brand-new user gets a cluster for each before any behaviour. Splits on
 * punctuation, "and", "or", "&", "/"; a name that contains "and" is split too (a known limit).
 */
public final class StatedInterests {

  private static final Pattern SEPARATORS = Pattern.compile("\\s*(?:[,;.!?\\n]|\\band\\b|\\bor\\b|&|\\+|/)\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern LEAD = Pattern.compile(
      "^(?:i\\s*(?:'m|am)\\s+(?:really\\s+)?(?:into|interested in|a fan of)|i\\s+(?:really\\s+)?(?:like|love|enjoy)|"
          + "(?:my\\s+)?(?:interests|hobbies)\\s+(?:are|include)|also|mostly|especially)\\s+",
      Pattern.CASE_INSENSITIVE);

  private StatedInterests() {
  }

  public static List<String> phrases(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String part : SEPARATORS.split(text.strip())) {
      String p = part.strip();
      String previous;
      do {
        previous = p;
        p = LEAD.matcher(p).replaceFirst("").strip();
      } while (!p.equals(previous));
      String phrase = p;
      if (phrase.length() >= 2 && out.stream().noneMatch(o -> o.equalsIgnoreCase(phrase))) {
        out.add(phrase);
      }
    }
    return out.size() > 8 ? out.subList(0, 8) : out;
  }
}
