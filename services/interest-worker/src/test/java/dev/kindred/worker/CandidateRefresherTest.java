package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker keeps each user's candidate lists in step with their profile: behaviour builds the
 * profile (the live projection), which marks the user; the refresher lists, per unmuted interest and
 * the short-term vector, the nearest live items — the camping interest's list starts with camping
 * items — and lists again after the next change; a user whose profile goes loses the lists.
 */
@QuarkusTest
class CandidateRefresherTest {

  private static final Instant T0 = Instant.parse("2026-11-20T18:00:00Z");
  @Inject Pool pool;
  private UUID tenant;

  @BeforeEach
  void catalogue() {
    tenant = TestTenants.create(pool).id();
    TestCatalogue.campingCoffeeGames(pool, tenant);
  }

  @Test
  void aChangedProfileGetsItsListsAgainWithTheNearestItemsPerInterest() {
    TestEvents.append(pool, tenant, "u1", T0, new ItemViewed("tent", null, null, null, null),
        new ItemViewed("bag", null, null, null, null), new ItemPurchased("stove", null, 1, null, null, null));
    awaitTrue(() -> lists("u1") != null && lists("u1").containsKey("session"), "u1's lists are computed");
    Map<String, List<String>> first = lists("u1");
    List<String> interests = first.keySet().stream().filter(s -> s.startsWith("interest/")).toList();
    assertThat(interests).hasSize(1);
    List<String> camping = first.get(interests.get(0));
    assertThat(camping).hasSize(6);
    assertThat(camping.subList(0, 3)).containsExactlyInAnyOrder("tent", "bag", "stove");
    Instant computed = computedAt("u1");

    TestEvents.append(pool, tenant, "u1", T0.plusSeconds(60), new ItemPurchased("beans", null, 1, null, null, null),
        new ItemViewed("grinder", null, null, null, null));
    awaitTrue(() -> computedAt("u1").isAfter(computed) && lists("u1").keySet().stream()
        .filter(s -> s.startsWith("interest/")).count() >= 2, "u1's lists follow the new coffee interest");
    List<List<String>> coffee = lists("u1").entrySet().stream()
        .filter(e -> e.getKey().startsWith("interest/") && !e.getKey().equals(interests.get(0))).map(Map.Entry::getValue)
        .toList();
    assertThat(coffee).isNotEmpty().allMatch(l -> List.of("beans", "grinder").contains(l.get(0)));
    assertThat(lists("u1").get(interests.get(0)).get(0)).isIn("tent", "bag", "stove");
  }

  private Map<String, List<String>> lists(String user) {
    Row r = row(user);
    if (r == null) {
      return null;
    }
    Map<String, List<String>> out = new HashMap<>();
    String[] sources = r.getArrayOfStrings("sources");
    String[] items = r.getArrayOfStrings("items");
    Float[] sims = r.getArrayOfFloats("sims");
    Integer[] order = new Integer[items.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(sims[b], sims[a]));
    for (int i : order) {
      out.computeIfAbsent(sources[i], k -> new java.util.ArrayList<>()).add(items[i]);
    }
    return out;
  }

  private Instant computedAt(String user) {
    return row(user).getOffsetDateTime("computed_at").toInstant();
  }

  private Row row(String user) {
    String pseudonym = TestEvents.pseudonym(pool, tenant, user);
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
        "SELECT sources, items, sims, computed_at FROM user_candidates WHERE user_id = $1").execute(Tuple.of(pseudonym)))
        .await().indefinitely();
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}
