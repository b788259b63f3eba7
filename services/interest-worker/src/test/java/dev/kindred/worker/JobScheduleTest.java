package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.jobs.JobSchedule;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The schedule queues each kind once per tenant: never a second while one waits or runs. */
@QuarkusTest
class JobScheduleTest {

  @Inject Pool pool;

  private long jobs(UUID tenant, String kind) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT count(*) FROM jobs WHERE kind = $1")
        .execute(Tuple.of(kind))).await().indefinitely().iterator().next().getLong(0);
  }

  @Test
  void eachKindIsQueuedOncePerTenantWhileOneIsWaiting() {
    UUID a = TestTenants.create(pool).id();
    UUID b = TestTenants.create(pool).id();
    // A kind no job loop claims, so the queued rows stay PENDING for the test to count.
    List<String> kinds = List.of("test-nightly-a", "test-nightly-b");
    assertThat(JobSchedule.queueMissing(pool, List.of(a, b), kinds)).isEqualTo(4);
    assertThat(JobSchedule.queueMissing(pool, List.of(a, b), kinds)).isZero();
    assertThat(jobs(a, "test-nightly-a")).isEqualTo(1);
    assertThat(jobs(b, "test-nightly-b")).isEqualTo(1);
    // Once a tenant's job is done, the next round queues a new one.
    TenantTx.run(pool, a, c -> c.preparedQuery("UPDATE jobs SET status = 'COMPLETED' WHERE kind = $1")
        .execute(Tuple.of("test-nightly-a"))).await().indefinitely();
    assertThat(JobSchedule.queueMissing(pool, List.of(a, b), kinds)).isEqualTo(1);
    assertThat(jobs(a, "test-nightly-a")).isEqualTo(2);
  }
}
