package dev.kindred.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Row-level security as the services' database role sees it: a transaction bound to tenant A
 * never returns or writes tenant B's rows, even when the SQL names B's id outright.
 */
@QuarkusTest
class RowLevelSecurityTest {
  private static final Duration T = Duration.ofSeconds(10);

  @Inject
  Pool pool;

  long count(UUID boundTo, String sql, Object... args) {
    return TenantTx.run(pool, boundTo, c -> c.preparedQuery(sql).execute(Tuple.from(args)))
        .await().atMost(T).iterator().next().getLong(0);
  }

  @Test
  void aTenantNeverSeesOrWritesAnotherTenantsRows() {
    UUID a = UUID.fromString(TenantApiTest.onboard(TenantApiTest.slug()).path("tenant.id"));
    UUID b = UUID.fromString(TenantApiTest.onboard(TenantApiTest.slug()).path("tenant.id"));

    assertThat(count(a, "SELECT count(*) FROM tenants WHERE id = $1", a)).isEqualTo(1);
    assertThat(count(a, "SELECT count(*) FROM tenants WHERE id = $1", b)).isZero();
    assertThat(count(a, "SELECT count(*) FROM tenants")).isEqualTo(1);
    assertThat(count(a, "SELECT count(*) FROM api_keys WHERE tenant_id = $1", b)).isZero();
    assertThat(count(a, "SELECT count(*) FROM events WHERE tenant_id = $1", a)).isGreaterThanOrEqualTo(4);
    assertThat(count(a, "SELECT count(*) FROM events WHERE tenant_id = $1", b)).isZero();
    assertThat(count(a, "SELECT count(*) FROM events WHERE tenant_id <> $1", a)).isZero();

    // A forged write into B's rows from A's transaction is refused by the policy.
    assertThatThrownBy(() -> TenantTx.run(pool, a, c -> c.preparedQuery(
            "INSERT INTO api_keys (id, tenant_id, scope, secret_hash) VALUES ($1, $2, 'ingest', '\\x00')")
        .execute(Tuple.of("kd_ing_forged" + System.nanoTime(), b))).await().atMost(T))
        .hasMessageContaining("row-level security");
    assertThat(TenantTx.run(pool, a, c -> c.preparedQuery("UPDATE tenants SET name = 'x' WHERE id = $1")
        .execute(Tuple.of(b))).await().atMost(T).rowCount()).isZero();

    // Without a bound tenant nothing is visible at all.
    assertThat(pool.query("SELECT count(*) FROM tenants").execute().await().atMost(T).iterator().next().getLong(0))
        .isZero();
    assertThat(pool.query("SELECT count(*) FROM events").execute().await().atMost(T).iterator().next().getLong(0))
        .isZero();
  }

  @Test
  void historyCannotBeRewrittenByTheServiceRole() {
    UUID a = UUID.fromString(TenantApiTest.onboard(TenantApiTest.slug()).path("tenant.id"));
    assertThatThrownBy(() -> TenantTx.run(pool, a, c -> c.query("UPDATE events SET type = 'X'").execute())
        .await().atMost(T)).hasMessageContaining("permission denied");
    assertThatThrownBy(() -> TenantTx.run(pool, a, c -> c.query("DELETE FROM events").execute())
        .await().atMost(T)).hasMessageContaining("permission denied");
  }
}
