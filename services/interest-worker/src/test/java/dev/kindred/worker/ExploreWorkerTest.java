package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemClicked;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What exploration learns from (slots shown and clicked per area) and the item clusters it walks. */
@QuarkusTest
class ExploreWorkerTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  @Inject Pool pool;

  @Test
  void explorationSlotsCountAsShownAndTheirClicksOnceEach() {
    UUID tenant = TestTenants.create(pool).id();
    TestEvents.append(pool, tenant, "u1", T0,
        new ImpressionLogged("r1", "home", List.of("a", "b", "c"), List.of("interest/1", "explore/4", "explore/5")),
        new ImpressionLogged("r2", "home", List.of("d", "b"), List.of("interest/1", "explore/4")),
        new ItemClicked("b", null, "r1", null),
        new ItemClicked("b", null, "r1", null),  // a second click on the same slot is not a second success
        new ItemClicked("a", null, "r1", null),  // not an exploration slot
        new ItemClicked("c", null, "nope", null)); // unknown recommendation
    awaitTrue(() -> arm(tenant, 4) != null && arm(tenant, 4)[1] == 1, "the click credited");
    assertThat(arm(tenant, 4)).containsExactly(2, 1);
    assertThat(arm(tenant, 5)).containsExactly(1, 0);
    assertThat(arm(tenant, 1)).isNull();
  }

  @Test
  void theClusteringJobGroupsTheCatalogueAndLinksNearestAreas() {
    UUID tenant = TestTenants.create(pool).id();
    TestCatalogue.upsert(pool, tenant,
        TestCatalogue.item("tent", "Ultralight two-person tent", "Freestanding dome tent for backpacking"),
        TestCatalogue.item("bag", "Down sleeping bag", "Rated to minus five degrees for winter camping"),
        TestCatalogue.item("grinder", "Burr coffee grinder", "Fifty grind settings for espresso and filter"),
        TestCatalogue.item("beans", "Single-origin coffee beans", "Freshly roasted with notes of cherry"),
        TestCatalogue.item("catan", "Strategy board game", "Trade and build for three to four players"),
        TestCatalogue.item("chess", "Wooden chess set", "Hand-carved pieces and a folding board"));
    awaitTrue(() -> TenantTx.run(pool, tenant, c -> c.query("SELECT count(*) FROM items WHERE embedding IS NOT NULL")
        .execute()).await().indefinitely().iterator().next().getLong(0) == 6, "the catalogue embedded");
    UUID job = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'cluster-items', 'PENDING', '{\"k\": 3}')")
        .execute(Tuple.of(job, tenant))).await().indefinitely();
    awaitTrue(() -> "COMPLETED".equals(TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT status FROM jobs WHERE id = $1")
        .execute(Tuple.of(job))).await().indefinitely().iterator().next().getString(0)), "the clustering job done");
    List<Row> rows = new ArrayList<>();
    TenantTx.run(pool, tenant, c -> c.query("SELECT cluster_id, size, neighbours FROM item_clusters ORDER BY cluster_id")
        .execute()).await().indefinitely().forEach(rows::add);
    assertThat(rows).hasSize(3);
    assertThat(rows.stream().mapToInt(r -> r.getInteger("size")).sum()).isEqualTo(6);
    for (Row r : rows) {
      assertThat(r.getArrayOfIntegers("neighbours")).hasSize(2).doesNotContain(r.getInteger("cluster_id"));
    }
    // Camping, coffee and board games are three areas: each item shares its cluster with its pair.
    assertThat(TenantTx.run(pool, tenant, c -> c.query("""
            SELECT count(DISTINCT (SELECT k.cluster_id FROM item_clusters k ORDER BY k.centroid <=> i.embedding LIMIT 1))
            FROM items i""").execute()).await().indefinitely().iterator().next().getLong(0)).isEqualTo(3);
  }

  private long[] arm(UUID tenant, int cluster) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT shown, clicked FROM explore_arms WHERE cluster_id = $1")
        .execute(Tuple.of(cluster))).await().indefinitely();
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new long[] {r.getLong(0), r.getLong(1)};
  }
}
