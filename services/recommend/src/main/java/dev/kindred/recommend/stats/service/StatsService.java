package dev.kindred.recommend.stats.service;

import dev.kindred.eventstore.EventQueries;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The dashboard's daily aggregates from the event log (the event store's {@link EventQueries#dailyActivity}), with differential privacy: per day and
 * event type, the distinct users (each user counts once: sensitivity 1) and the events with each
 * user's contribution clipped to {@link #CLIP} (sensitivity {@link #CLIP}); lists served
 * ({@code ImpressionLogged}) the same way; exploration slots and their clicks from
 * {@code explore_slots}. Each number gets Laplace noise at the tenant's {@code dashboardEpsilon};
 * a cell with fewer than {@code dashboardMinUsers} users is not shown. Users who withdrew analytics
 * consent are not counted at all.
 */
@ApplicationScoped
public class StatsService {

  public static final int CLIP = 10;
  private static final Duration DB = Duration.ofSeconds(30);
  private final Pool pool;
  private final TenantRepository tenants = new TenantRepository();

  public StatsService(Pool pool) {
    this.pool = pool;
  }

  public Map<String, Object> daily(UUID tenant, int days) {
    record Reads(TenantSettings settings, List<EventQueries.DailyActivity> events, RowSet<Row> explore, RowSet<Row> lag) {
    }
    Reads r = TenantTx.run(pool, tenant, c -> tenants.settings(c, tenant).chain(s -> EventQueries.dailyActivity(c, tenant, days, CLIP)
        .chain(ev -> c.preparedQuery("""
            SELECT to_char(date_trunc('day', served_at), 'YYYY-MM-DD') AS day, count(*) AS slots,
                   count(*) FILTER (WHERE clicked) AS clicks
            FROM explore_slots WHERE served_at > now() - make_interval(days => $1) GROUP BY 1
            """).execute(Tuple.of(days))
            .chain(ex -> c.preparedQuery("SELECT events, oldest_at, measured_at FROM tenant_lag WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).map(lag -> new Reads(s, ev, ex, lag)))))).await().atMost(DB);
    double eps = r.settings().dashboardEpsilon();
    int min = r.settings().dashboardMinUsers();
    // The noise must not be computable by whoever reads the answer: seeded by a platform secret.
    String secret = dev.kindred.eventstore.privacy.TenantKeys.secretFor("dashboard-noise/" + tenant);
    Map<String, Map<String, Object>> byDay = new TreeMap<>();
    for (EventQueries.DailyActivity row : r.events()) {
      String day = row.day();
      String type = row.type();
      long users = row.users();
      Map<String, Object> cell = new LinkedHashMap<>();
      cell.put("users", NoisyCount.of(users, users, 1, eps, min, secret, day + "/" + type + "/users"));
      cell.put("events", NoisyCount.of(row.events(), users, CLIP, eps, min, secret, day + "/" + type + "/events"));
      byDay.computeIfAbsent(day, d -> new TreeMap<>()).put(type, cell);
    }
    for (Row row : r.explore()) {
      String day = row.getString("day");
      long slots = row.getLong("slots");
      // An exploration slot is one item in one list: at most one per list, so its sensitivity is a
      // user's lists of the day, clipped like events.
      Map<String, Object> cell = new LinkedHashMap<>();
      cell.put("slots", NoisyCount.of(slots, slots, CLIP, eps, min, secret, day + "/explore/slots"));
      cell.put("clicks", NoisyCount.of(row.getLong("clicks"), slots, CLIP, eps, min, secret, day + "/explore/clicks"));
      byDay.computeIfAbsent(day, d -> new TreeMap<>()).put("exploration", cell);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("days", days);
    out.put("epsilon", eps);
    out.put("minUsers", min);
    out.put("clip", CLIP);
    out.put("note", "Counts carry Laplace noise (ε " + eps + " per count; users: sensitivity 1, events: each user's "
        + "contribution clipped to " + CLIP + "); cells of fewer than " + min + " users are null.");
    out.put("daily", byDay);
    out.put("freshness", freshness(r.lag()));
    return out;
  }

  /**
   * How far the tenant's interest profiles are behind its events, as the worker last measured
   * ({@code tenant_lag}, V27; no row: caught up). Not noised: it counts no one.
   */
  private static Map<String, Object> freshness(RowSet<Row> lag) {
    Map<String, Object> out = new LinkedHashMap<>();
    Row row = lag.size() == 0 ? null : lag.iterator().next();
    out.put("eventsBehind", row == null ? 0L : row.getLong("events"));
    out.put("secondsBehind", row == null || row.getOffsetDateTime("oldest_at") == null ? 0.0
        : Math.max(0, java.time.Duration.between(row.getOffsetDateTime("oldest_at"), row.getOffsetDateTime("measured_at"))
            .toMillis() / 1000.0));
    out.put("measuredAt", row == null ? null : row.getOffsetDateTime("measured_at").toInstant().toString());
    return out;
  }
}
