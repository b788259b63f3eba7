package dev.kindred.recommend;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;
import dev.kindred.eventstore.EventStore;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestLabel;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.ProfileCodec;
import dev.kindred.interest.Signal;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hand-made tenant for the serving tests: camping items near one axis, coffee near another, one
 * disliked item; user {@code u1} with a profile built by the real update rule (camping strong —
 * a purchase —, coffee weaker, "bad" disliked), the same events in u1's stream; engagement of other users
 * (coffee-3 three times, camp-5 once) for trending.
 */
final class ServingFixture {

  static final Instant NOW = Instant.now().minusSeconds(120);
  final TestTenants.T tenant;
  final Map<String, float[]> vectors = new HashMap<>();
  final Map<String, String> titles = new HashMap<>();
  private final Pool pool;

  ServingFixture(Pool pool) {
    this.pool = pool;
    this.tenant = TestTenants.create(pool);
    for (int i = 1; i <= 6; i++) {
      item("camp-" + i, "Camping item " + i, axis(0, 2, 0.1f * i), "outdoor");
    }
    for (int i = 1; i <= 4; i++) {
      item("coffee-" + i, "Coffee item " + i, axis(1, 3, 0.1f * i), "coffee");
    }
    item("bad", "Disliked camping thing", axis(0, 4, 1f), "outdoor");

    InterestUpdater u = new InterestUpdater(InterestSettings.defaults());
    InterestProfile p = new InterestProfile("u1");
    u.apply(p, signal("camp-1", "view", 1, 1));
    u.apply(p, signal("camp-1", "purchase", 8, 2));
    u.apply(p, signal("camp-2", "view", 1, 3));
    u.apply(p, signal("coffee-1", "view", 1, 4));
    u.apply(p, signal("coffee-1", "click", 2, 5));
    u.apply(p, signal("coffee-2", "view", 1, 6));
    u.apply(p, signal("bad", "dislike", -5, 7));
    p.clusters().forEach(k -> k.label(new InterestLabel(List.of(k.centroid()[0] > 0.5 ? "Camping" : "Coffee"),
        InterestLabel.TAXONOMY, 0.7)));
    storeProfile(p);
    // The same behaviour in u1's stream, so that every event an explanation cites really exists.
    append("u1", new ItemViewed("camp-1", null, null, null, null), "camp-1");
    append("u1", new ItemViewed("camp-2", null, null, null, null), "camp-2");
    append("u1", new ItemViewed("coffee-1", null, null, null, null), "coffee-1");
    append("u1", new ItemClicked("coffee-1", null, null, null), "coffee-1");
    append("u1", new ItemViewed("coffee-2", null, null, null, null), "coffee-2");
    append("u1", new FeedbackGiven("dislike", "bad", null, null), "bad");
    append("u1", new ItemPurchased("camp-1", null, 1, 10.0, null, null), "camp-1");
    for (int i = 0; i < 3; i++) {
      append("other-" + i, new ItemViewed("coffee-3", null, null, null, null), "coffee-3");
    }
    append("other-9", new ItemViewed("camp-5", null, null, null, null), "camp-5");
  }

  void item(String id, String title, float[] v, String category) {
    vectors.put(id, v);
    titles.put(id, title);
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO items (tenant_id, item_id, title, categories, last_event_seq, embedding, embedding_model)
            VALUES ($1, $2, $3, $4, 0, $5::text::vector, 'test')
            """).execute(Tuple.of(tenant.id(), id, title, new String[] {category}, Vectors.toPgVector(v))))
        .await().indefinitely();
  }

  /** Merges these settings into the tenant's (test shortcut for the control API's PATCH). */
  void settings(String json) {
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("UPDATE tenants SET settings = settings || $2::text::jsonb WHERE id = $1")
        .execute(Tuple.of(tenant.id(), json))).await().indefinitely();
  }

  /** The worker's candidate lists for {@code user}: per source id, the items with their similarity. */
  void candidates(String user, Map<String, Map<String, Double>> lists) {
    List<String> sources = new java.util.ArrayList<>();
    List<String> items = new java.util.ArrayList<>();
    List<Float> sims = new java.util.ArrayList<>();
    lists.forEach((source, hits) -> hits.forEach((item, sim) -> {
      sources.add(source);
      items.add(item);
      sims.add(sim.floatValue());
    }));
    String pseudonym = pseudonym(user);
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO user_candidates (tenant_id, user_id, sources, items, sims) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET sources = EXCLUDED.sources, items = EXCLUDED.items,
              sims = EXCLUDED.sims
            """).execute(Tuple.of(tenant.id(), pseudonym, sources.toArray(String[]::new), items.toArray(String[]::new),
        sims.toArray(Float[]::new)))).await().indefinitely();
  }

  /** The worker's neighbour list for {@code item}: the given items with their similarity, in this order. */
  void neighbours(String item, Map<String, Double> list) {
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO item_neighbours (tenant_id, item_id, items, sims) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, item_id) DO UPDATE SET items = EXCLUDED.items, sims = EXCLUDED.sims
            """).execute(Tuple.of(tenant.id(), item, list.keySet().toArray(String[]::new),
        list.values().stream().map(Double::floatValue).toArray(Float[]::new)))).await().indefinitely();
  }

  void availability(String itemId, boolean available) {
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("UPDATE items SET available = $2 WHERE item_id = $1")
        .execute(Tuple.of(itemId, available))).await().indefinitely();
  }

  void attributes(String itemId, String json) {
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("UPDATE items SET attributes = $2::text::jsonb WHERE item_id = $1")
        .execute(Tuple.of(itemId, json))).await().indefinitely();
  }

  /** Items {@code a} and {@code b} engaged with together {@code weight} times (each engaged with that often). */
  void coVisit(String a, String b, double weight) {
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO co_visits (tenant_id, item_id, other_id, weight) VALUES ($1, $2, $3, $4), ($1, $3, $2, $4)
            """).execute(Tuple.of(tenant.id(), a, b, weight))
        .chain(() -> c.preparedQuery("""
            INSERT INTO item_engagement (tenant_id, item_id, engagements) VALUES ($1, $2, $3), ($1, $4, $3)
            ON CONFLICT (tenant_id, item_id) DO UPDATE SET engagements = EXCLUDED.engagements
            """).execute(Tuple.of(tenant.id(), a, weight, b)))).await().indefinitely();
  }

  void storeProfile(InterestProfile p) {
    String pseudonym = pseudonym(p.userId());
    // As the worker stores it: the document and session vector, one row per cluster with its centroid.
    java.util.List<Tuple> clusters = p.clusters().stream().map(k -> Tuple.of(tenant.id(), pseudonym, k.id(),
        Vectors.toPgVector(k.centroid()), k.weight())).toList();
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO interest_profiles (tenant_id, user_id, profile, session_vector)
            VALUES ($1, $2, $3::text::jsonb, $4::text::vector)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET profile = EXCLUDED.profile,
              session_vector = EXCLUDED.session_vector
            """).execute(Tuple.of(tenant.id(), pseudonym, ProfileCodec.encode(p), Vectors.toPgVector(p.session())))
        .chain(() -> c.preparedQuery("DELETE FROM interest_clusters WHERE tenant_id = $1 AND user_id = $2")
            .execute(Tuple.of(tenant.id(), pseudonym)))
        .chain(() -> clusters.isEmpty() ? io.smallrye.mutiny.Uni.createFrom().voidItem()
            : c.preparedQuery("""
                INSERT INTO interest_clusters (tenant_id, user_id, cluster_id, centroid, weight)
                VALUES ($1, $2, $3, $4::text::vector, $5)
                """).executeBatch(clusters).replaceWithVoid())).await().indefinitely();
  }

  Signal signal(String item, String type, double w, long seq) {
    return new Signal(vectors.get(item), w, NOW.plusSeconds(seq), seq, type, item, titles.get(item), Map.of());
  }

  /** Appends the event; an engagement also heats its item as the worker's co-visit projection would (trending). */
  void append(String user, KindredEvent e, String item) {
    EventEnvelope env = EventEnvelope.toAppend(tenant.id(), user, UUID.randomUUID(), e, item, NOW);
    TenantTx.run(pool, tenant.id(), c -> new EventStore().append(c, List.of(env))).await().indefinitely();
    if (item != null && dev.kindred.events.EventType.of(e.getClass()).engagement()) {
      TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
              INSERT INTO item_heat (tenant_id, item_id, heat, last_at) VALUES ($1, $2, $3, now())
              ON CONFLICT (tenant_id, item_id) DO UPDATE SET heat = kindred_log2_add(item_heat.heat, EXCLUDED.heat)
              """).execute(Tuple.of(tenant.id(), item, dev.kindred.recsys.Heat.of(java.time.Instant.now()))))
          .await().indefinitely();
    }
  }

  /** Whether u1's stream holds an event of this stored type on this item. */
  boolean hasEvent(String user, String storedType, String itemId) {
    String pseudonym = pseudonym(user);
    return TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT count(*) FROM events WHERE stream_key = $1 AND type = $2 AND item_id = $3")
        .execute(Tuple.of(pseudonym, storedType, itemId))).await().indefinitely().iterator().next().getLong(0) > 0;
  }

  long impressions(String recommendationId) {
    return payloads("ImpressionLogged").stream().filter(p -> p.contains("\"recommendationId\":\"" + recommendationId + "\"")).count();
  }

  /** The logged impression of this list, as JSON (opened with the user's key). */
  String impression(String recommendationId) {
    return payloads("ImpressionLogged").stream().filter(p -> p.contains("\"recommendationId\":\"" + recommendationId + "\""))
        .findFirst().orElseThrow();
  }

  /** The payloads of the tenant's events of this stored type, opened as the services open them. */
  List<String> payloads(String storedType) {
    return TenantTx.run(pool, tenant.id(), c -> new EventStore().readRecent(c, tenant.id(), List.of(storedType), 1))
        .await().indefinitely().stream().map(e -> dev.kindred.events.EventCodec.encode(e.event())).toList();
  }

  /** The pseudonym the store keeps for this user (created if the user has none yet, as their first event would). */
  String pseudonym(String user) {
    return TenantTx.run(pool, tenant.id(), c -> dev.kindred.eventstore.privacy.UserKeys.findOrCreate(c, tenant.id(), List.of(user)))
        .await().indefinitely().get(user).pseudonym();
  }

  /** A unit vector along {@code main} tilted towards {@code side}. */
  static float[] axis(int main, int side, float tilt) {
    float[] v = new float[384];
    v[main] = 1;
    v[side] = tilt;
    return Vectors.normalize(v);
  }

  /** Polls a condition for up to 10 s. */
  static void eventually(java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
