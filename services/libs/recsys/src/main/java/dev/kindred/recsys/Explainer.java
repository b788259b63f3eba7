package dev.kindred.recsys;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.SupportingEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Explains a candidate by its best source. For an interest it cites the cluster's supporting
 * events whose items (or texts) are nearest to the recommended item — up to {@code maxCited} — and
 * says so in one sentence assembled from their types and titles and the interest's words; nothing
 * else enters the sentence.
 */
public final class Explainer {

  private final int maxCited;

  public Explainer(int maxCited) {
    this.maxCited = maxCited;
  }

  /**
   * {@code supportVectors} maps a supporting event's item id (or, for texts, its title) to its
   * vector; events without a known vector are not cited.
   */
  public Explanation explain(Candidate c, InterestCluster cluster, Map<String, float[]> supportVectors) {
    Source source = c.best().source();
    List<String> words = cluster == null || cluster.label() == null ? List.of() : cluster.label().words();
    switch (source.kind()) {
      case Source.TRENDING:
        return new Explanation(source.id(), List.of(), List.of(), "Popular right now.");
      case Source.EXPLORE:
        return new Explanation(source.id(), words, List.of(),
            words.isEmpty() ? "Something new for you to try." : "Something new, near your interest in " + String.join(", ", words) + ".");
      default:
        break;
    }
    List<SupportingEvent> cited = cluster == null ? List.of() : nearestSupport(c, cluster, supportVectors);
    if (cited.isEmpty()) {
      return new Explanation(source.id(), words, List.of(), words.isEmpty() ? "Close to what you like."
          : "Close to your interest in " + String.join(", ", words) + ".");
    }
    List<String> parts = new ArrayList<>();
    for (SupportingEvent e : cited) {
      parts.add(verb(e.type()) + " '" + e.title() + "'");
    }
    String because = "Because you " + String.join(" and ", parts);
    return new Explanation(source.id(), words, cited,
        words.isEmpty() ? because + "." : because + " — " + String.join(", ", words) + ".");
  }

  /**
   * A {@code co-visit} candidate: cites the user's own engagement with the item it is most often
   * engaged with together ({@code anchor}, null when unknown).
   */
  public Explanation coVisited(Candidate c, SupportingEvent anchor) {
    String id = c.best().source().id();
    if (anchor == null || anchor.title() == null) {
      return new Explanation(id, List.of(), List.of(), "Often chosen together with what you looked at recently.");
    }
    return new Explanation(id, List.of(), List.of(anchor),
        "Often chosen together with '" + anchor.title() + "', which you " + verb(anchor.type()) + ".");
  }

  /**
   * A candidate the {@code sequence} model proposed, explained when that is the real reason (its
   * term weighs most in the score): cites the user's latest engagement, the step others went on from.
   */
  public Explanation sequenced(Candidate c, SupportingEvent latest) {
    if (latest == null || latest.title() == null) {
      return new Explanation(Source.SEQUENCE, List.of(), List.of(),
          "People who did what you just did next chose this.");
    }
    return new Explanation(Source.SEQUENCE, List.of(), List.of(latest),
        "People who did what you just did next chose this: you " + verb(latest.type()) + " '" + latest.title()
            + "' last.");
  }

  List<SupportingEvent> nearestSupport(Candidate c, InterestCluster cluster, Map<String, float[]> vectors) {
    List<SupportingEvent> known = new ArrayList<>();
    for (SupportingEvent e : cluster.support()) {
      if (e.title() != null && vectors.containsKey(key(e)) && known.stream().noneMatch(k -> key(k).equals(key(e)))) {
        known.add(e);
      }
    }
    known.sort(Comparator.comparingDouble((SupportingEvent e) -> -Vectors.dot(vectors.get(key(e)), c.vector())));
    return known.size() > maxCited ? known.subList(0, maxCited) : known;
  }

  /** The item ids among these interests' supporting events: whose vectors {@link #explain} needs. */
  public static java.util.Set<String> supportItemIds(List<InterestCluster> clusters) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (InterestCluster k : clusters) {
      for (SupportingEvent e : k.support()) {
        if (e.itemId() != null) {
          ids.add(e.itemId());
        }
      }
    }
    return ids;
  }

  /** Supporting item events are keyed by item id, text events (searches, stated interests) by their text. */
  public static String key(SupportingEvent e) {
    return e.itemId() != null ? e.itemId() : e.title();
  }

  static String verb(String type) {
    return switch (type) {
      case "view" -> "viewed";
      case "click" -> "clicked";
      case "add_to_cart" -> "added to your cart";
      case "purchase" -> "bought";
      case "rating" -> "rated";
      case "review" -> "reviewed";
      case "search" -> "searched for";
      case "like" -> "liked";
      case "stated" -> "said you are into";
      default -> type;
    };
  }
}
