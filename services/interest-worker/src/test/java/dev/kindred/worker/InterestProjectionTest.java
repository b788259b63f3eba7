package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.events.ConsentChanged;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.InterestsStated;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.Position;
import dev.kindred.eventstore.subscription.SubscriptionRunner;
import dev.kindred.eventstore.subscription.SubscriptionStore;
import dev.kindred.worker.interest.repository.ProfileTables;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.config.DbConnectOptions;
import dev.kindred.worker.interest.projection.InterestPartition;
import dev.kindred.worker.interest.projection.InterestProjector;
import dev.kindred.worker.subscription.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InterestProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-20T18:00:00Z");

  @Inject Pool pool;
  @Inject Subscriptions subscriptions;
  @Inject InterestProjector projector;
  @Inject Vertx vertx;
  @Inject Config config;
  private UUID tenant;

  @BeforeEach
  void catalogue() {
    Map<String, Object> s = TenantSettings.defaults().toMap();
    s.put("taxonomy", List.of(
        Map.of("name", "Camping", "description", "tents, sleeping bags and stoves for sleeping outdoors"),
        Map.of("name", "Coffee", "description", "beans, grinders and brewers for making coffee at home"),
        Map.of("name", "Board games", "description", "strategy, party and family board games")));
    tenant = TestTenants.create(pool, TenantSettings.fromMap(s)).id();
    TestCatalogue.campingCoffeeGames(pool, tenant);
  }

  @Test
  void behaviourBecomesLabelledInterestsWithTheirEvidence() {
    TestEvents.append(pool, tenant, "u1", T0, view("tent"), view("bag"), view("stove"), purchase("tent"),
        view("grinder"), purchase("beans"));
    JsonNode p = awaitProfile("u1", 6);
    assertThat(labels(p)).contains("Camping", "Coffee");
    JsonNode camping = cluster(p, "Camping");
    assertThat(camping.path("label").path("source").asText()).isEqualTo("taxonomy");
    assertThat(camping.path("events").asInt()).isEqualTo(4);
    assertThat(camping.path("support").get(0).path("itemId").asText()).isEqualTo("tent");
    assertThat(camping.path("context").path("daypart=evening").asInt()).isEqualTo(4);
    assertThat(cluster(p, "Camping").path("weight").asDouble()).isGreaterThan(cluster(p, "Coffee").path("weight").asDouble());
  }

  @Test
  void aSuppressedCategoryNeverShapesAnInterestOrItsWords() {
    Map<String, Object> settings = TenantSettings.defaults().toMap();
    settings.put("taxonomy", List.of(
        Map.of("name", "Camping", "description", "tents, sleeping bags and stoves for sleeping outdoors"),
        Map.of("name", "Health", "description", "medicines, tests and treatments for illnesses")));
    settings.put("suppressedCategories", List.of("health"));
    UUID sensitive = TestTenants.create(pool, TenantSettings.fromMap(settings)).id();
    TestCatalogue.upsert(pool, sensitive,
        TestCatalogue.item("tent", "Ultralight two-person tent", "Freestanding dome tent for backpacking"),
        TestCatalogue.item("stove", "Camping stove", "Boils water in three minutes at the campsite"),
        new dev.kindred.events.ItemUpserted("strips", "Diabetes test strips", "Blood glucose test strips, 50 pack",
            List.of("Health"), List.of(), Map.of(), true, null),
        new dev.kindred.events.ItemUpserted("inhaler", "Asthma inhaler spacer", "Spacer for metered-dose inhalers",
            List.of("Health"), List.of(), Map.of(), true, null));
    awaitTrue(() -> TenantTx.run(pool, sensitive, c -> c.query("SELECT count(*) FROM items WHERE embedding IS NOT NULL")
        .execute()).await().indefinitely().iterator().next().getLong(0) == 4, "the catalogue embedded");
    UUID saved = tenant;
    tenant = sensitive;
    try {
      TestEvents.append(pool, sensitive, "s1", T0, view("strips"), purchase("strips"), view("inhaler"), view("tent"),
          view("stove"));
      JsonNode p = awaitProfile("s1", 2);
      // A later user's event applied means s1's batch was applied in full.
      TestEvents.append(pool, sensitive, "s2", T0.plusSeconds(60), view("tent"));
      awaitProfile("s2", 1);
      p = awaitProfile("s1", 2);
      assertThat(labels(p)).doesNotContain("Health");
      // Only the two camping events shaped the profile: nothing cites a health item.
      assertThat(p.toString()).doesNotContain("strips").doesNotContain("inhaler").doesNotContain("Diabetes");
      int events = 0;
      for (JsonNode c : p.path("clusters")) {
        events += c.path("events").asInt();
      }
      assertThat(events).isEqualTo(2);
    } finally {
      tenant = saved;
    }
  }

  @Test
  void statedInterestsGiveABrandNewUserAProfile() {
    TestEvents.append(pool, tenant, "u2", T0, new InterestsStated("I'm into board games and camping", List.of()));
    JsonNode p = awaitProfile("u2", 1);
    assertThat(labels(p)).containsExactlyInAnyOrder("Board games", "Camping");
  }

  @Test
  void negativeFeedbackIsRecordedAndWithdrawnConsentDropsTheProfile() {
    TestEvents.append(pool, tenant, "u3", T0, view("tent"), view("grinder"),
        new FeedbackGiven("dislike", "grinder", null, null));
    JsonNode p = awaitDoc("u3", d -> d.path("negatives").size() == 1);
    assertThat(p.path("negatives").get(0).path("reason").asText()).isEqualTo("dislike");
    assertThat(p.path("negatives").get(0).path("itemId").asText()).isEqualTo("grinder");

    TestEvents.append(pool, tenant, "u3", T0.plusSeconds(60), new ConsentChanged(false, false));
    awaitTrue(() -> profileRow("u3") == null, "the profile is dropped");
    List<UUID> later = TestEvents.append(pool, tenant, "u3", T0.plusSeconds(120), view("stove"));
    TestEvents.append(pool, tenant, "u4", T0.plusSeconds(121), view("stove"));
    awaitProfile("u4", 1);
    assertThat(profileRow("u3")).as("no profile while consent is withdrawn (event %s)", later).isNull();
  }

  @Test
  void reDeliveryChangesNothingAndAReplayFromTheLogEqualsTheLiveResult() {
    TestEvents.append(pool, tenant, "u5", T0, view("tent"), purchase("beans"), view("catan"), view("bag"));
    JsonNode live = awaitProfile("u5", 4);

    // Every partition reads this tenant's part of the log again: the profile must not change.
    restartInterestRunners(false);
    awaitTrue(() -> checkpointsAtEnd(), "the log re-delivered");
    assertThat(parse(profileRow("u5").getString("profile"))).isEqualTo(live);

    // Replay: drop the projection and rebuild it from the log.
    restartInterestRunners(true);
    awaitTrue(() -> profileRow("u5") != null && checkpointsAtEnd(), "the profile rebuilt");
    assertThat(parse(profileRow("u5").getString("profile"))).isEqualTo(live);
  }

  @Test
  void batchesPreparedWhileTheOneBeforeCommitsGiveTheSameProfiles() {
    // Two users' events interleaved, one of them withdrawing consent and giving it again half-way:
    // in batches of 2, every batch is prepared while the one before it is written, and takes the
    // users that one writes from it, not from the database.
    for (int round = 0; round < 4; round++) {
      Instant at = T0.plusSeconds(round * 10L);
      if (round == 2) {
        TestEvents.append(pool, tenant, "u9", at, new ConsentChanged(true, true));
      }
      TestEvents.append(pool, tenant, "u8", at, view("tent"), view("grinder"));
      TestEvents.append(pool, tenant, "u9", at, view("catan"), purchase("beans"));
      if (round == 1) {
        TestEvents.append(pool, tenant, "u9", at.plusSeconds(1), new ConsentChanged(false, false));
      }
    }
    awaitTrue(this::checkpointsAtEnd, "the live runners applied everything");
    JsonNode u8 = parse(profileRow("u8").getString("profile"));
    JsonNode u9 = parse(profileRow("u9").getString("profile"));
    assertThat(events(u8)).isEqualTo(8);
    assertThat(events(u9)).as("only the events after consent was given again").isEqualTo(4);

    List<SubscriptionRunner<?>> small = restartInterestRunners(true, 2);
    awaitTrue(() -> profileRow("u8") != null && profileRow("u9") != null && checkpointsAtEnd(), "the profiles rebuilt");
    assertThat(small.stream().mapToLong(SubscriptionRunner::preparedAhead).sum()).as("batches prepared ahead").isPositive();
    assertThat(parse(profileRow("u8").getString("profile"))).isEqualTo(u8);
    assertThat(parse(profileRow("u9").getString("profile"))).isEqualTo(u9);
    restartInterestRunners(false);
  }

  @Test
  void aBatchPreparedBeforeTheOneInFlightCommitsTakesItsUsersFromIt() {
    TestEvents.append(pool, tenant, "u10", T0, view("tent"), view("bag"), view("grinder"));
    TestEvents.append(pool, tenant, "u11", T0, view("catan"), new ConsentChanged(false, false));
    TestEvents.append(pool, tenant, "u10", T0.plusSeconds(60), view("stove"), purchase("beans"));
    TestEvents.append(pool, tenant, "u11", T0.plusSeconds(60), view("catan"), new ConsentChanged(true, true), view("stove"));
    // Consent is one table for live and build writes: the live runners settle it first, so that only
    // the batches below change it.
    awaitTrue(this::checkpointsAtEnd, "the live runners applied everything");
    List<Delivered> log = tenantLog();
    assertThat(log).hasSize(10);
    List<Delivered> first = log.subList(0, 5);
    List<Delivered> second = log.subList(5, 10);

    // One batch after the other: what the projection gives (in the build tables, away from the live runners).
    applyToBuild(projector.prepare(first, ProfileTables.BUILD, Map.of()));
    applyToBuild(projector.prepare(second, ProfileTables.BUILD, Map.of()));
    Map<String, JsonNode> oneByOne = buildProfiles();
    assertThat(events(oneByOne.get(String.valueOf(TestEvents.pseudonym(pool, tenant, "u10"))))).isEqualTo(5);
    assertThat(events(oneByOne.get(String.valueOf(TestEvents.pseudonym(pool, tenant, "u11")))))
        .as("the view after consent was given again").isEqualTo(1);

    // The second prepared before the first is written, as a runner behind the log does: same profiles.
    clearBuild();
    var inFlight = projector.prepare(first, ProfileTables.BUILD, Map.of());
    var next = projector.prepare(second, ProfileTables.BUILD, inFlight);
    applyToBuild(inFlight);
    applyToBuild(next);
    assertThat(buildProfiles()).isEqualTo(oneByOne);

    // Read back from the database instead, the second batch would lose what the first one wrote.
    clearBuild();
    var stale = projector.prepare(second, ProfileTables.BUILD, Map.of());
    applyToBuild(projector.prepare(first, ProfileTables.BUILD, Map.of()));
    applyToBuild(stale);
    assertThat(buildProfiles()).isNotEqualTo(oneByOne);
    clearBuild();
  }

  /** This tenant's events of the types the interest projection reads, as a runner delivers them. */
  private List<Delivered> tenantLog() {
    Row first = TenantTx.run(pool, tenant, c -> c.query("SELECT tx_id::text, seq FROM events ORDER BY tx_id, seq LIMIT 1")
        .execute()).await().indefinitely().iterator().next();
    Position after = new Position(Long.parseUnsignedLong(first.getString(0)), first.getLong(1) - 1);
    // A read stops short of transactions still open elsewhere (commit order): read on to the end.
    List<Delivered> out = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      SubscriptionStore.Batch batch = new SubscriptionStore().read(pool, after, InterestPartition.TYPES, 1000)
          .await().indefinitely();
      if (batch.end() == null) {
        if (out.size() >= 10) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        continue;
      }
      batch.events().stream().filter(d -> d.envelope().tenantId().equals(tenant)).forEach(out::add);
      after = batch.end();
    }
    return out;
  }

  private void applyToBuild(Map<UUID, InterestProjector.TenantWrites> writes) {
    pool.withTransaction(tx -> projector.apply(tx, writes, ProfileTables.BUILD)).await().indefinitely();
  }

  /** The build tables' profiles by pseudonym. */
  private Map<String, JsonNode> buildProfiles() {
    Map<String, JsonNode> out = new HashMap<>();
    TenantTx.run(pool, tenant, c -> c.query("""
            SELECT p.user_id, p.profile::text FROM interest_profiles_build p""").execute())
        .await().indefinitely().forEach(r -> out.put(r.getString(0), parse(r.getString(1))));
    return out;
  }

  private void clearBuild() {
    TenantTx.run(pool, tenant, c -> c.query("DELETE FROM interest_clusters_build").execute()
        .chain(() -> c.query("DELETE FROM interest_profiles_build").execute())).await().indefinitely();
  }

  @Test
  void theReplayJobRebuildsAndSwapsInWithoutLosingOrDoublingLiveEvents() {
    TestEvents.append(pool, tenant, "u7", T0, view("tent"), purchase("beans"), view("catan"));
    awaitProfile("u7", 3);
    UUID first = queueReplay(0);
    // Accepted while the replay may be running: applied exactly once, by whichever side gets it.
    TestEvents.append(pool, tenant, "u7", T0.plusSeconds(60), view("bag"));
    awaitJob(first);
    JsonNode rebuilt = awaitProfile("u7", 4);
    assertThat(events(rebuilt)).isEqualTo(4);
    assertThat(generation()).isEqualTo(1);

    // Same log, same settings: a second rebuild gives the same profile.
    awaitJob(queueReplay(0));
    assertThat(parse(profileRow("u7").getString("profile"))).isEqualTo(rebuilt);
    assertThat(generation()).isEqualTo(2);
    assertThat(TenantTx.run(pool, tenant, c -> c.query("SELECT count(*) FROM interest_profiles_build").execute())
        .await().indefinitely().iterator().next().getLong(0)).isZero();

    // Live events after the swap land on the rebuilt profile, once.
    List<UUID> later = TestEvents.append(pool, tenant, "u7", T0.plusSeconds(120), view("stove"), view("grinder"));
    assertThat(events(awaitProfile("u7", 6))).isEqualTo(6);

    // From a sequence number on: only the last two events make the profile.
    awaitJob(queueReplay(seqOf(later.get(0))));
    assertThat(events(parse(profileRow("u7").getString("profile")))).isEqualTo(2);
  }

  private UUID queueReplay(long from) {
    UUID id = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'replay', 'PENDING', $3::text::jsonb)")
        .execute(Tuple.of(id, tenant, "{\"from\": " + from + "}"))).await().indefinitely();
    return id;
  }

  private void awaitJob(UUID job) {
    awaitTrue(() -> {
      String status = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT status FROM jobs WHERE id = $1")
          .execute(Tuple.of(job))).await().indefinitely().iterator().next().getString(0);
      assertThat(status).isNotEqualTo("FAILED");
      return "COMPLETED".equals(status);
    }, "the replay job completed");
  }

  private int generation() {
    return TenantTx.run(pool, tenant, c -> c.query("SELECT generation FROM profile_generations").execute())
        .await().indefinitely().iterator().next().getInteger(0);
  }

  private long seqOf(UUID eventId) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT seq FROM events WHERE event_id = $1")
        .execute(Tuple.of(eventId))).await().indefinitely().iterator().next().getLong(0);
  }

  private static int events(JsonNode profile) {
    int n = 0;
    for (JsonNode c : profile.path("clusters")) {
      n += c.path("events").asInt();
    }
    return n;
  }

  @Test
  void twoWorkersNeverApplyAnEventTwice() {
    int p = config.getValue("kindred.worker.partitions", Integer.class);
    List<SubscriptionRunner<?>> second = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      second.add(new SubscriptionRunner<>(InterestPartition.name(i, p), InterestPartition.TYPES, 64,
          Duration.ofMillis(100), new InterestPartition(i, p, projector), pool, vertx, DbConnectOptions.app(config)).start());
    }
    try {
      for (int round = 0; round < 10; round++) {
        TestEvents.append(pool, tenant, "u6", T0.plusSeconds(round * 10L), view("tent"), view("bag"), view("stove"));
      }
      JsonNode profile = awaitProfile("u6", 30);
      int events = 0;
      for (JsonNode c : profile.path("clusters")) {
        events += c.path("events").asInt();
      }
      assertThat(events).isEqualTo(30);
    } finally {
      second.forEach(SubscriptionRunner::close);
    }
  }

  private void restartInterestRunners(boolean dropProjection) {
    restartInterestRunners(dropProjection, 256);
  }

  /** The interest partitions' runners started afresh from this tenant's first event, with this batch size. */
  private List<SubscriptionRunner<?>> restartInterestRunners(boolean dropProjection, int batchSize) {
    List<SubscriptionRunner<?>> runners = subscriptions.runners();
    int p = config.getValue("kindred.worker.partitions", Integer.class);
    for (int i = 1; i <= p; i++) {
      runners.get(i).close();
    }
    if (dropProjection) {
      TenantTx.run(pool, tenant, c -> c.query("DELETE FROM interest_clusters").execute()
          .chain(() -> c.query("DELETE FROM interest_profiles").execute())).await().indefinitely();
    }
    // Back to just before this tenant's first event (the shared test database's whole log would take
    // minutes per partition): everything of this tenant is delivered again.
    Row first = TenantTx.run(pool, tenant, c -> c.query("SELECT tx_id::text, seq FROM events ORDER BY tx_id, seq LIMIT 1")
        .execute()).await().indefinitely().iterator().next();
    pool.preparedQuery("""
            UPDATE subscription_checkpoints SET last_tx_id = $1::text::xid8, last_seq = $2 - 1
            WHERE name = ANY ($3)""").execute(Tuple.of(first.getString(0), first.getLong(1), partitionNames()))
        .await().indefinitely();
    for (int i = 0; i < p; i++) {
      runners.set(i + 1, new SubscriptionRunner<>(InterestPartition.name(i, p), InterestPartition.TYPES, batchSize,
          Duration.ofMillis(200), new InterestPartition(i, p, projector), pool, vertx, DbConnectOptions.app(config)).start());
    }
    return runners.subList(1, p + 1);
  }

  /** The interest partitions this worker runs (a test database may hold checkpoints of other counts). */
  private String[] partitionNames() {
    int p = config.getValue("kindred.worker.partitions", Integer.class);
    String[] names = new String[p];
    for (int i = 0; i < p; i++) {
      names[i] = InterestPartition.name(i, p);
    }
    return names;
  }

  private boolean checkpointsAtEnd() {
    String end = pool.query("SELECT tx_id::text || '/' || seq FROM read_subscription_events('0'::xid8, 0, '{}'::text[], 1)")
        .execute().await().indefinitely().iterator().next().getString(0);
    var rows = pool.preparedQuery("SELECT last_tx_id::text || '/' || last_seq FROM subscription_checkpoints WHERE name = ANY ($1)")
        .execute(Tuple.of((Object) partitionNames())).await().indefinitely();
    for (Row r : rows) {
      if (!end.equals(r.getString(0))) {
        return false;
      }
    }
    return rows.size() > 0;
  }

  private JsonNode awaitProfile(String user, int events) {
    return awaitDoc(user, d -> {
      int n = 0;
      for (JsonNode c : d.path("clusters")) {
        n += c.path("events").asInt();
      }
      return n >= events;
    });
  }

  private JsonNode awaitDoc(String user, java.util.function.Predicate<JsonNode> condition) {
    awaitTrue(() -> {
      Row r = profileRow(user);
      return r != null && condition.test(parse(r.getString("profile")));
    }, "the profile of " + user + " is as expected");
    return parse(profileRow(user).getString("profile"));
  }

  private Row profileRow(String user) {
    String pseudonym = TestEvents.pseudonym(pool, tenant, user);
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
        "SELECT profile::text AS profile FROM interest_profiles WHERE user_id = $1").execute(Tuple.of(String.valueOf(pseudonym))))
        .await().indefinitely();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private static List<String> labels(JsonNode p) {
    List<String> out = new ArrayList<>();
    p.path("clusters").forEach(c -> out.add(String.join(", ", words(c))));
    return out;
  }

  private static JsonNode cluster(JsonNode p, String label) {
    for (JsonNode c : p.path("clusters")) {
      if (String.join(", ", words(c)).equals(label)) {
        return c;
      }
    }
    throw new AssertionError("no cluster labelled " + label + " in " + p);
  }

  private static List<String> words(JsonNode c) {
    List<String> w = new ArrayList<>();
    c.path("label").path("words").forEach(x -> w.add(x.asText()));
    return w;
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, "s1", null, null, Map.of("device", "mobile"));
  }

  private static ItemPurchased purchase(String item) {
    return new ItemPurchased(item, "s1", 1, 10.0, null, new HashMap<>());
  }
}
