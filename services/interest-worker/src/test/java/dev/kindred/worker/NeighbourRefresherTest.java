package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker keeps each item's neighbour list for the similar endpoint: an embedded item is marked
 * (a trigger in the embedding's transaction) and listed with its nearest items, best first — the
 * tent's list starts with the other camping items; an item added later enters the lists it belongs
 * to without their being computed again; a new text lists the item again.
 */
@QuarkusTest
class NeighbourRefresherTest {

  @Inject Pool pool;
  private UUID tenant;

  @BeforeEach
  void catalogue() {
    tenant = TestTenants.create(pool).id();
    TestCatalogue.campingCoffeeGames(pool, tenant);
  }

  @Test
  void anEmbeddedItemIsListedWithItsNearestItemsAndANewItemEntersTheListsItBelongsTo() {
    awaitTrue(() -> row("tent") != null && row("catan") != null, "every item is listed");
    List<String> tent = items("tent");
    assertThat(tent).hasSize(5).doesNotContain("tent");
    assertThat(tent.subList(0, 2)).containsExactlyInAnyOrder("bag", "stove");
    assertThat(sims("tent")).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    assertThat(items("beans").get(0)).isEqualTo("grinder");
    Instant tentComputed = computedAt("tent");

    TestCatalogue.upsert(pool, tenant, TestCatalogue.item("lantern", "Camping lantern",
        "Bright LED lantern for the tent and the campsite"));
    awaitTrue(() -> row("lantern") != null && items("tent").contains("lantern"), "the lantern enters the tent's list");
    assertThat(computedAt("tent")).as("the tent's list was merged into, not computed again").isEqualTo(tentComputed);
    assertThat(items("tent").indexOf("lantern")).isLessThan(items("tent").indexOf("catan"));
    assertThat(items("lantern").subList(0, 3)).containsExactlyInAnyOrder("tent", "bag", "stove");

    // A new text gives the item a new embedding, and so a new list.
    Instant lanternComputed = computedAt("lantern");
    TestCatalogue.upsert(pool, tenant, TestCatalogue.item("lantern", "Board game night lamp",
        "Warm light for strategy board games around the table"));
    awaitTrue(() -> row("lantern") != null && computedAt("lantern").isAfter(lanternComputed)
        && "catan".equals(items("lantern").get(0)), "the lantern is listed again after its new text");
  }

  private List<String> items(String item) {
    return Arrays.asList(row(item).getArrayOfStrings("items"));
  }

  private List<Float> sims(String item) {
    return Arrays.asList(row(item).getArrayOfFloats("sims"));
  }

  private Instant computedAt(String item) {
    return row(item).getOffsetDateTime("computed_at").toInstant();
  }

  private Row row(String item) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
        "SELECT items, sims, computed_at FROM item_neighbours WHERE item_id = $1").execute(Tuple.of(item)))
        .await().indefinitely();
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}
