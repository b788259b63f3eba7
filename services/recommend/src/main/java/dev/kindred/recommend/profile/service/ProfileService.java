package dev.kindred.recommend.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.InterestCorrected;
import dev.kindred.eventstore.EventStore;
import dev.kindred.recommend.profile.mapping.ProfileView;
import dev.kindred.recommend.profile.repository.ProfileReader;
import dev.kindred.recommend.profile.repository.ProfileReader.StoredProfile;
import dev.kindred.tenancy.FieldError;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Interest profiles as the tenant's app shows them to its user, and the user's corrections
 * (mute, unmute, delete an interest), which are events the worker applies like any other.
 */
@ApplicationScoped
public class ProfileService {

  /** The outcome of a correction: the profile once applied, or the event ids still on their way. */
  public record Correction(ProfileView profile, List<UUID> eventIds) {
  }

  private static final Duration DB = Duration.ofSeconds(10);
  private final ProfileReader reader;
  private final Pool pool;
  private final long waitMs;
  private final EventStore store;

  public ProfileService(ProfileReader reader, Pool pool, EventStore store,
      @ConfigProperty(name = "kindred.recommend.correction-wait-ms") long waitMs) {
    this.store = store;
    this.reader = reader;
    this.pool = pool;
    this.waitMs = waitMs;
  }

  public ProfileView get(UUID tenantId, String userId) {
    requireUserId(userId);
    StoredProfile stored = reader.find(tenantId, userId).await().atMost(DB).orElseThrow(() -> notFound(tenantId, userId));
    return ProfileView.of(userId, stored);
  }

  /** {@code body}: {@code {"interests": [{"id": 3, "muted": true}, {"id": 5, "deleted": true}]}}. */
  public Correction correct(UUID tenantId, String userId, JsonNode body) {
    requireUserId(userId);
    StoredProfile stored = reader.find(tenantId, userId).await().atMost(DB).orElseThrow(() -> notFound(tenantId, userId));
    List<InterestCorrected> changes = parse(body, stored);
    List<EventEnvelope> events = new ArrayList<>();
    for (InterestCorrected c : changes) {
      events.add(EventEnvelope.toAppend(tenantId, userId, UUID.randomUUID(), c, null, Instant.now()));
    }
    TenantTx.run(pool, tenantId, c -> store.append(c, events)).await().atMost(DB);
    UUID last = events.get(events.size() - 1).eventId();
    long deadline = System.currentTimeMillis() + waitMs;
    while (System.currentTimeMillis() < deadline) {
      Optional<StoredProfile> now = reader.find(tenantId, userId).await().atMost(DB);
      if (now.isPresent() && last.equals(now.get().lastEventId())) {
        return new Correction(ProfileView.of(userId, now.get()), List.of());
      }
      sleep(25);
    }
    return new Correction(null, events.stream().map(EventEnvelope::eventId).toList());
  }

  private static List<InterestCorrected> parse(JsonNode body, StoredProfile stored) {
    Set<Integer> known = new HashSet<>();
    stored.document().path("clusters").forEach(c -> known.add(c.path("id").asInt()));
    List<FieldError> errors = new ArrayList<>();
    List<InterestCorrected> out = new ArrayList<>();
    JsonNode list = body.path("interests");
    if (!list.isArray() || list.isEmpty() || list.size() > 50) {
      throw ProblemException.badRequest("the request is invalid",
          List.of(FieldError.of("interests", "must be an array of 1 to 50 changes")));
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String at = "interests[" + i + "]";
      if (!c.path("id").isInt()) {
        errors.add(FieldError.of(at + ".id", "is required and must be an integer"));
        continue;
      }
      int id = c.get("id").asInt();
      boolean deleted = c.path("deleted").asBoolean(false);
      boolean hasMuted = c.has("muted");
      if (!known.contains(id)) {
        errors.add(FieldError.of(at + ".id", "the profile has no interest " + id));
      } else if (deleted == hasMuted || (hasMuted && !c.get("muted").isBoolean())
          || (c.has("deleted") && !c.get("deleted").isBoolean())) {
        errors.add(FieldError.of(at, "send either \"muted\": true|false or \"deleted\": true"));
      } else {
        out.add(new InterestCorrected(id, deleted ? "delete" : c.get("muted").asBoolean() ? "mute" : "unmute"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("the request is invalid", errors);
    }
    return out;
  }

  private ProblemException notFound(UUID tenantId, String userId) {
    boolean allowed = reader.personalizationAllowed(tenantId, userId).await().atMost(DB);
    return ProblemException.notFound(allowed ? "no interest profile for user '" + userId + "' yet"
        : "user '" + userId + "' has withdrawn consent to personalization; no profile is kept");
  }

  private static void requireUserId(String userId) {
    dev.kindred.web.Params.id("userId", userId);
  }


  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
