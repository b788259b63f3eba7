package dev.kindred.worker.interest.service;

import dev.kindred.events.AddedToCart;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.InterestsStated;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemRated;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.ReviewWritten;
import dev.kindred.events.SearchPerformed;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.Signal;
import dev.kindred.interest.SignalWeights;
import dev.kindred.interest.StatedInterests;
import dev.kindred.worker.interest.repository.CatalogueReader.ItemInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns one stored event into the signals of the update rule: item events carry the item's
 * vector, text events the grounded vector of their text, stated interests one signal per phrase.
 * Ratings use a 1–5 scale (higher values count as the top of it).
 */
@ApplicationScoped
public class SignalFactory {

  private static final double RATING_MAX = 5;
  private final TextVectors texts;

  public SignalFactory(TextVectors texts) {
    this.texts = texts;
  }

  /** {@code items} maps item ids to their text and vector (embedded on demand when missing). */
  public List<Signal> signals(EventEnvelope e, InterestSettings s, Function<String, ItemInfo> items) {
    UUID tenant = e.tenantId();
    Map<String, String> ctx = context(e);
    List<Signal> out = new ArrayList<>(1);
    switch (e.event()) {
      case ItemViewed v -> item(out, e, items, SignalWeights.view(s, v.dwellMs()), "view", ctx);
      case ItemClicked c -> item(out, e, items, SignalWeights.of(s, "click"), "click", ctx);
      case AddedToCart a -> item(out, e, items, SignalWeights.of(s, "add_to_cart"), "add_to_cart", ctx);
      case ItemPurchased p -> item(out, e, items, SignalWeights.of(s, "purchase"), "purchase", ctx);
      case ItemRated r -> item(out, e, items, SignalWeights.rating(s, r.rating(), RATING_MAX), "rating", ctx);
      case SearchPerformed q -> out.add(new Signal(texts.grounded(tenant, q.query()), SignalWeights.of(s, "search"),
          e.occurredAt(), e.seq(), "search", null, q.query(), ctx));
      case ReviewWritten r -> {
        double w = SignalWeights.of(s, "review");
        if (r.rating() != null) {
          w = Math.copySign(w, SignalWeights.rating(s, r.rating(), RATING_MAX));
        }
        item(out, e, items, w, "review", ctx);
        if (r.text() != null && !r.text().isBlank() && w != 0) {
          out.add(new Signal(texts.grounded(tenant, r.text()), w / 2, e.occurredAt(), e.seq(), "review", e.itemId(),
              r.text().length() > 80 ? r.text().substring(0, 80) + "…" : r.text(), ctx));
        }
      }
      case FeedbackGiven f -> {
        double w = SignalWeights.feedback(s, f.kind());
        if (f.itemId() != null) {
          item(out, e, items, w, f.kind(), ctx);
        } else if (f.topic() != null) {
          out.add(new Signal(texts.grounded(tenant, f.topic()), w, e.occurredAt(), e.seq(), f.kind(), null, f.topic(), ctx));
        }
      }
      case InterestsStated st -> {
        List<String> phrases = st.interests() != null && !st.interests().isEmpty() ? st.interests()
            : StatedInterests.phrases(st.text());
        for (String phrase : phrases) {
          out.add(new Signal(texts.grounded(tenant, phrase), s.statedWeight(), e.occurredAt(), e.seq(), "stated",
              null, phrase, ctx));
        }
      }
      default -> { }
    }
    return out;
  }

  private static void item(List<Signal> out, EventEnvelope e, Function<String, ItemInfo> items, double w, String type,
      Map<String, String> ctx) {
    ItemInfo info = e.itemId() == null ? null : items.apply(e.itemId());
    if (info != null && info.vector() != null && w != 0) {
      out.add(new Signal(info.vector(), w, e.occurredAt(), e.seq(), type, e.itemId(), info.title(), ctx));
    }
  }

  /** Device and locale when the app sent them, and the part of the day (UTC unless the app sent one). */
  static Map<String, String> context(EventEnvelope e) {
    Map<String, String> sent = switch (e.event()) {
      case ItemViewed v -> v.context();
      case ItemClicked c -> c.context();
      case AddedToCart a -> a.context();
      case ItemPurchased p -> p.context();
      case ItemRated r -> r.context();
      case SearchPerformed q -> q.context();
      case ReviewWritten r -> r.context();
      default -> null;
    };
    Map<String, String> out = new HashMap<>();
    if (sent != null) {
      for (String k : List.of("device", "locale", "daypart")) {
        if (sent.get(k) != null) {
          out.put(k, sent.get(k));
        }
      }
    }
    if (!out.containsKey("daypart")) {
      int hour = e.occurredAt().atOffset(ZoneOffset.UTC).getHour();
      out.put("daypart", hour < 6 ? "night" : hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening");
    }
    return out;
  }
}
