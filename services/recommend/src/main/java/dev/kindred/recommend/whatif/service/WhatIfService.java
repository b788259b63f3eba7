package dev.kindred.recommend.whatif.service;

import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.Signal;
import dev.kindred.interest.SignalWeights;
import dev.kindred.interest.StatedInterests;
import dev.kindred.recommend.feed.service.FeedService;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "What if this user did X?": the user's feed now and as it would be after hypothetical events
 * and stated interests, applied by the same update rule the worker runs to a copy of the profile
 * that is never stored. Both lists come from one exploration seed, so what differs is what the
 * hypothesis changed. Nothing is logged as shown.
 */
@ApplicationScoped
public class WhatIfService {

  /** One hypothetical event: {@code type} as the ingest API names it, on a catalogue item. */
  public record Hypothetical(String type, String itemId, Double rating) {}

  /** What the hypothesis did: each signal's weight and the interest it went to. */
  public record Applied(String type, String itemId, String text, double weight, String outcome) {}

  public record Answer(Served before, Served after, List<Applied> applied) {}

  private final FeedService feed;
  private final StatedTextVectors texts;

  public WhatIfService(FeedService feed, StatedTextVectors texts) {
    this.feed = feed;
    this.texts = texts;
  }

  public Answer preview(UUID tenant, String userId, List<Hypothetical> events, String statedText, int count) {
    long seed = System.nanoTime();
    ItemFilter all = ItemFilter.parse(null);
    // The stated phrases are embedded before any transaction (the model may block).
    List<String> phrases = statedText == null || statedText.isBlank() ? List.of() : StatedInterests.phrases(statedText);
    Map<String, float[]> phraseVectors = new HashMap<>();
    phrases.forEach(ph -> phraseVectors.put(ph, texts.grounded(tenant, ph)));
    Served before = feed.preview(tenant, userId, count, all, (c, user) -> {
      refuseWithoutConsent(user);
      return Uni.createFrom().item(user);
    }, seed);
    List<Applied> applied = new ArrayList<>();
    Served after = feed.preview(tenant, userId, count, all,
        (c, user) -> apply(c, userId, user, events, phrases, phraseVectors, applied), seed);
    return new Answer(before, after, applied);
  }

  private static void refuseWithoutConsent(UserContext.Loaded user) {
    if (UserContext.NO_CONSENT.equals(user.note())) {
      throw ProblemException.conflict("the user withdrew personalization consent: no what-if");
    }
  }

  private Uni<UserContext.Loaded> apply(SqlConnection c, String userId, UserContext.Loaded user, List<Hypothetical> events,
      List<String> phrases, Map<String, float[]> phraseVectors, List<Applied> applied) {
    refuseWithoutConsent(user);
    TenantSettings s = user.settings();
    InterestSettings settings = InterestSettings.of(s.eventWeights(), s.interestHalfLifeDays(), s.maxInterests());
    InterestUpdater updater = new InterestUpdater(settings);
    InterestProfile profile = user.profile() != null ? user.profile() : new InterestProfile(userId);
    String[] ids = events.stream().map(Hypothetical::itemId).distinct().toArray(String[]::new);
    return c.preparedQuery("SELECT item_id, title, embedding::text AS v FROM items WHERE item_id = ANY($1) AND NOT removed")
        .execute(Tuple.of((Object) ids)).map(rows -> {
          Map<String, Row> items = new HashMap<>();
          rows.forEach(r -> items.put(r.getString("item_id"), r));
          Instant now = Instant.now();
          long seq = Long.MAX_VALUE - 1000;   // after every real event of the profile
          int index = 0;
          for (Hypothetical h : events) {
            Row item = items.get(h.itemId());
            if (item == null) {
              throw ProblemException.field("events[" + index + "].itemId", "no live item '" + h.itemId() + "' in the catalogue");
            }
            if (item.getString("v") == null) {
              throw ProblemException.field("events[" + index + "].itemId", "item '" + h.itemId() + "' is not embedded yet");
            }
            double w = weight(settings, h);
            Signal signal = new Signal(dev.kindred.inference.Vectors.fromPgVector(item.getString("v")), w, now, seq++,
                h.type(), h.itemId(), item.getString("title"), Map.of());
            applied.add(new Applied(h.type(), h.itemId(), null, w, updater.apply(profile, signal).name()));
            index++;
          }
          for (String phrase : phrases) {
            Signal signal = new Signal(phraseVectors.get(phrase), settings.statedWeight(), now, seq++, "stated", null,
                phrase, Map.of());
            applied.add(new Applied("stated", null, phrase, settings.statedWeight(), updater.apply(profile, signal).name()));
          }
          // What the user would have consumed is not recommended back, as after real events.
          java.util.Set<String> consumed = new java.util.HashSet<>(user.consumed());
          events.stream().filter(h -> s.consumedEvents().contains(h.type())).forEach(h -> consumed.add(h.itemId()));
          // They are the user's latest items too, as real engagements would be (co-visit and sequence seeds).
          List<dev.kindred.recommend.feed.repository.FeedReader.Recent> recent = new ArrayList<>(user.recent());
          for (Hypothetical h : events) {
            if (dev.kindred.tenancy.TenantSettings.CONSUMING_EVENTS.contains(h.type())) {
              recent.removeIf(r -> r.itemId().equals(h.itemId()));
              recent.add(0, new dev.kindred.recommend.feed.repository.FeedReader.Recent(h.itemId(),
                  dev.kindred.events.EventType.fromWireName(h.type()).storedName(), items.get(h.itemId()).getString("title"),
                  now));
            }
          }
          return new UserContext.Loaded(s, profile, consumed, recent, user.declined(), null);
        });
  }

  private static double weight(InterestSettings s, Hypothetical h) {
    return switch (h.type()) {
      case "like", "dislike", "not_interested" -> SignalWeights.feedback(s, h.type());
      case "rating" -> SignalWeights.rating(s, h.rating(), 5);
      default -> SignalWeights.of(s, h.type());
    };
  }
}
