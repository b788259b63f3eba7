package dev.kindred.recommend.serving;

import dev.kindred.events.EventType;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.profile.repository.ProfileReader;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.tenancy.TenantSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * What personalising one request needs, read in the caller's transaction: the tenant's settings,
 * whether the user allows personalization, the profile (only when allowed, with every item the
 * user turned down among its negatives), what the user already consumed and their latest {@link #HISTORY} items (latest first). No user, no consent or no profile → {@link Loaded#profile()} is null, with the
 * reason in {@link Loaded#note()}.
 */
@ApplicationScoped
public class UserContext {

  public record Loaded(TenantSettings settings, InterestProfile profile, Set<String> consumed,
      List<FeedReader.Recent> recent, String note) {

    /** The latest {@link #RECENT} items (latest first): the co-visit seeds. */
    public List<FeedReader.Recent> latest() {
      return recent.size() > RECENT ? recent.subList(0, RECENT) : recent;
    }

    public boolean personal() {
      return profile != null;
    }

    /** The tenant's weights of the documented score. */
    public FeedRanker.Weights weights() {
      TenantSettings.RankingWeights w = settings.rankingWeights();
      return new FeedRanker.Weights(w.interest(), w.session(), w.coVisit(), w.popularity(), w.sequence());
    }
  }

  public static final String NO_PROFILE = "no interest profile yet";
  /** How many of the user's latest engaged-with items seed co-visit candidates. */
  public static final int RECENT = 5;
  /** How many of the user's latest engaged-with items are read: the sequence model's input window. */
  public static final int HISTORY = 50;
  public static final String NO_CONSENT = "personalization consent withdrawn";
  private final FeedReader reader;
  private final ProfileReader profiles;
  private final TenantRepository tenants = new TenantRepository();

  public UserContext(FeedReader reader, ProfileReader profiles) {
    this.reader = reader;
    this.profiles = profiles;
  }

  /** The user id is looked up by its keyed hash; everything after that reads by the user's pseudonym. */
  public Uni<Loaded> load(SqlConnection c, java.util.UUID tenant, String userId) {
    return tenants.settings(c, tenant).chain(settings -> userId == null
        ? Uni.createFrom().item(new Loaded(settings, null, Set.of(), List.of(), "no user given"))
        : UserKeys.find(c, tenant, userId).chain(user -> user == null
            ? Uni.createFrom().item(new Loaded(settings, null, Set.of(), List.of(), NO_PROFILE))
            : load(c, settings, user)));
  }

  private Uni<Loaded> load(SqlConnection c, TenantSettings settings, UserKeys.UserKey user) {
    return profiles.personalizationAllowed(c, user).chain(allowed -> !allowed
        ? Uni.createFrom().item(new Loaded(settings, null, Set.of(), List.of(), NO_CONSENT))
        : reader.profile(c, user.pseudonym()).chain(p -> p.isEmpty() || p.get().clusters().isEmpty()
            ? Uni.createFrom().item(new Loaded(settings, null, Set.of(), List.of(), NO_PROFILE))
            : reader.userItems(c, user, consuming(settings), HISTORY).chain(items -> declined(c, p.get(), items.declined())
                .map(profile -> new Loaded(settings, profile, items.consumed(), items.recent(), null)))));
  }

  /** The stored event types of the tenant's consuming engagements. */
  static List<String> consuming(TenantSettings settings) {
    return settings.consumedEvents().stream().map(w -> EventType.fromWireName(w).storedName()).toList();
  }

  /** The profile with every item the user turned down as a negative, even if the projection has not caught up. */
  private Uni<InterestProfile> declined(SqlConnection c, InterestProfile p, Set<String> declined) {
    if (declined.isEmpty()) {
      return Uni.createFrom().item(p);
    }
    return reader.vectors(c, declined).map(vectors -> {
      vectors.forEach((itemId, v) -> p.addDeclined(new NegativeInterest(v, 1, "feedback", itemId, null, null)));
      return p;
    });
  }
}
