package dev.kindred.recommend.serving;

import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.eventstore.serving.ServingFact;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
import dev.kindred.interest.ProfileCodec;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.web.TenantSettingsCache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What personalising one request needs about its user, in ONE statement over the serving read
 * model (V23, kept in the append's own transaction): the user's key row (their id found by keyed
 * hash), consent, the interest profile (only when personalization is allowed), and every item they
 * engaged with or turned down — consumed items, the latest {@link #HISTORY} engagements (newest first:
 * co-visit and sequence seeds) and declined items — and their precomputed candidate lists. The tenant's
 * settings come from memory
 * ({@link TenantSettingsCache}). No user, no consent or no profile → {@link Loaded#profile()} is null,
 * with the reason in {@link Loaded#note()}.
 */
@ApplicationScoped
public class UserContext {

  /**
   * {@code declined}: items the user disliked or marked not interested (their vectors join the
   * profile's negatives once read: {@link #withDeclined}).
   */
  public record Loaded(TenantSettings settings, InterestProfile profile, Set<String> consumed,
      List<FeedReader.Recent> recent, Set<String> declined, Precomputed candidates, String note) {

    public Loaded(TenantSettings settings, InterestProfile profile, Set<String> consumed, List<FeedReader.Recent> recent,
        String note) {
      this(settings, profile, consumed, recent, Set.of(), null, note);
    }

    public Loaded(TenantSettings settings, InterestProfile profile, Set<String> consumed, List<FeedReader.Recent> recent,
        Set<String> declined, String note) {
      this(settings, profile, consumed, recent, declined, null, note);
    }

    /** The latest {@link #RECENT} items (latest first) the user did not turn down: the co-visit seeds. */
    public List<FeedReader.Recent> latest() {
      List<FeedReader.Recent> out = new ArrayList<>();
      for (FeedReader.Recent r : recent) {
        if (out.size() == RECENT) {
          break;
        }
        if (!declined.contains(r.itemId())) {
          out.add(r);
        }
      }
      return out;
    }

    public boolean personal() {
      return profile != null;
    }

    /** The tenant's weights of the documented score. */
    public FeedRanker.Weights weights() {
      TenantSettings.RankingWeights w = settings.rankingWeights();
      return new FeedRanker.Weights(w.interest(), w.session(), w.coVisit(), w.popularity(), w.sequence());
    }

    /** The same with the turned-down items' vectors among the profile's negatives (even before the worker applied them). */
    public Loaded withDeclined(Map<String, float[]> vectors) {
      if (profile != null) {
        vectors.forEach((itemId, v) -> profile.addDeclined(new NegativeInterest(v, 1, "feedback", itemId, null, null)));
      }
      return this;
    }

    /** The same with the titles of the latest items (for the explanations that cite them). */
    public Loaded withTitles(Map<String, String> titles) {
      List<FeedReader.Recent> named = new ArrayList<>(recent.size());
      for (FeedReader.Recent r : recent) {
        named.add(r.title() != null || !titles.containsKey(r.itemId()) ? r
            : new FeedReader.Recent(r.itemId(), r.type(), titles.get(r.itemId()), r.at()));
      }
      return new Loaded(settings, profile, consumed, named, declined, candidates, note);
    }
  }

  /**
   * The user's precomputed candidate lists (V23 {@code user_candidates}, kept by the worker's
   * {@code CandidateRefresher}): per source id ({@code interest/<id>}, {@code session}) the nearest items
   * with their similarity, nearest first.
   */
  public record Precomputed(Map<String, List<Map.Entry<String, Double>>> bySource) {

    static Precomputed of(String[] sources, String[] items, Float[] sims) {
      Map<String, List<Map.Entry<String, Double>>> out = new java.util.LinkedHashMap<>();
      for (int i = 0; i < sources.length; i++) {
        out.computeIfAbsent(sources[i], k -> new ArrayList<>()).add(Map.entry(items[i], (double) sims[i]));
      }
      out.values().forEach(l -> l.sort((a, b) -> Double.compare(b.getValue(), a.getValue())));
      return new Precomputed(out);
    }
  }

  public static final String NO_PROFILE = "no interest profile yet";
  /** How many of the user's latest engaged-with items seed co-visit candidates. */
  public static final int RECENT = 5;
  /** How many of the user's latest engaged-with items are read: the sequence model's input window. */
  public static final int HISTORY = 50;
  public static final String NO_CONSENT = "personalization consent withdrawn";
  private static final String READ = """
      SELECT k.pseudonym, coalesce(s.personalization, true) AS personalization,
             CASE WHEN coalesce(s.personalization, true) THEN p.profile::text END AS doc,
             p.cluster_ids, p.centroids, p.session,
             u.items, u.kinds, u.types, u.ats, u.declined, c.sources AS c_sources, c.items AS c_items, c.sims AS c_sims
      FROM user_keys k
      LEFT JOIN user_serving s ON s.tenant_id = k.tenant_id AND s.user_id = k.pseudonym
      LEFT JOIN LATERAL (
        SELECT p.profile, %s FROM interest_profiles p %s
        WHERE p.tenant_id = k.tenant_id AND p.user_id = k.pseudonym AND coalesce(s.personalization, true)) p ON true
      LEFT JOIN user_candidates c ON c.tenant_id = k.tenant_id AND c.user_id = k.pseudonym
      LEFT JOIN LATERAL (
        SELECT array_agg(ui.item_id ORDER BY ui.last_seq DESC) AS items, array_agg(ui.kinds ORDER BY ui.last_seq DESC) AS kinds,
               array_agg(ui.last_type ORDER BY ui.last_seq DESC) AS types, array_agg(ui.last_at ORDER BY ui.last_seq DESC) AS ats,
               array_agg(ui.declined ORDER BY ui.last_seq DESC) AS declined
        FROM user_items ui WHERE ui.tenant_id = k.tenant_id AND ui.user_id = k.pseudonym) u ON true
      WHERE k.tenant_id = $1 AND k.lookup = $2
      """.formatted(ProfileCodec.VECTOR_COLUMNS, ProfileCodec.vectorsJoin("interest_clusters"));
  private final TenantSettingsCache settings;

  public UserContext(TenantSettingsCache settings) {
    this.settings = settings;
  }

  /** The user id is found by its keyed hash; one statement reads the rest (none at all for no user). */
  public Uni<Loaded> load(SqlConnection c, UUID tenant, String userId) {
    return settings.get(c, tenant).chain(s -> userId == null
        ? Uni.createFrom().item(new Loaded(s, null, Set.of(), List.of(), "no user given"))
        : UserKeys.lookupOf(c, tenant, userId).chain(lookup -> lookup == null
            ? Uni.createFrom().item(new Loaded(s, null, Set.of(), List.of(), NO_PROFILE))
            : c.preparedQuery(READ).execute(Tuple.of(tenant, Buffer.buffer(lookup))).map(rows -> loaded(s, userId, rows))));
  }

  private static Loaded loaded(TenantSettings s, String userId, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    if (rows.size() == 0) {
      return new Loaded(s, null, Set.of(), List.of(), NO_PROFILE);
    }
    Row r = rows.iterator().next();
    if (!r.getBoolean("personalization")) {
      return new Loaded(s, null, Set.of(), List.of(), NO_CONSENT);
    }
    Set<String> consumed = new HashSet<>();
    Set<String> declined = new HashSet<>();
    List<FeedReader.Recent> recent = new ArrayList<>();
    String[] items = r.getArrayOfStrings("items");
    if (items != null) {
      Short[] kinds = r.getArrayOfShorts("kinds");
      String[] types = r.getArrayOfStrings("types");
      OffsetDateTime[] ats = r.getArrayOfOffsetDateTimes("ats");
      Boolean[] turnedDown = r.getArrayOfBooleans("declined");
      int consuming = consumingBits(s);
      for (int i = 0; i < items.length; i++) {
        if ((kinds[i] & consuming) != 0) {
          consumed.add(items[i]);
        }
        if (Boolean.TRUE.equals(turnedDown[i])) {
          declined.add(items[i]);
        }
        if (kinds[i] != 0 && recent.size() < HISTORY) {
          recent.add(new FeedReader.Recent(items[i], types[i], null, ats[i] == null ? null : ats[i].toInstant()));
        }
      }
    }
    String doc = r.getString("doc");
    if (doc == null) {
      return new Loaded(s, null, consumed, recent, declined, NO_PROFILE);
    }
    InterestProfile p = ProfileCodec.decode(doc, r.getArrayOfIntegers("cluster_ids"), bytes(r.getBuffer("centroids")),
        bytes(r.getBuffer("session")));
    if (p.clusters().isEmpty()) {
      return new Loaded(s, null, consumed, recent, declined, NO_PROFILE);
    }
    String[] sources = r.getArrayOfStrings("c_sources");
    Precomputed candidates = sources == null ? null
        : Precomputed.of(sources, r.getArrayOfStrings("c_items"), r.getArrayOfFloats("c_sims"));
    return new Loaded(s, p, consumed, recent, declined, candidates, null);
  }

  private static byte[] bytes(io.vertx.mutiny.core.buffer.Buffer b) {
    return b == null ? null : b.getBytes();
  }

  /** The engagement bits that mean "has it" for this tenant ({@code consumedEvents}). */
  static int consumingBits(TenantSettings settings) {
    int bits = 0;
    for (String wire : settings.consumedEvents()) {
      bits |= switch (wire) {
        case "view" -> ServingFact.VIEWED;
        case "click" -> ServingFact.CLICKED;
        case "add_to_cart" -> ServingFact.CARTED;
        case "purchase" -> ServingFact.BOUGHT;
        default -> 0;
      };
    }
    return bits;
  }
}
