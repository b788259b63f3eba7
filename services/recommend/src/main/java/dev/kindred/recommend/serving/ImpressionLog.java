package dev.kindred.recommend.serving;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Appends an {@code ImpressionLogged} event for every served list so that clicks and feedback can
 * be attributed to it — off the latency path: the response does not wait for the append.
 */
@ApplicationScoped
public class ImpressionLog {

  private static final Logger LOG = Logger.getLogger(ImpressionLog.class);
  private final Pool pool;
  private final EventStore store;

  private final ConsoleReads console;
  private final RequestTiming timing;

  public ImpressionLog(Pool pool, EventStore store, ConsoleReads console, RequestTiming timing) {
    this.store = store;
    this.pool = pool;
    this.console = console;
    this.timing = timing;
  }

  /** {@code surface}: home, similar, rerank, trending. Users are streams; anonymous lists use {@code _anonymous}. */
  public void log(UUID tenant, String userId, String surface, Served list) {
    log(tenant, userId, surface, list, null, Map.of(), null);
  }

  /**
   * The same with what ranked the list: each item's feature row (columns {@code featureNames};
   * items without a row, such as exploration slots, get none) and the ranker's model id.
   */
  public void log(UUID tenant, String userId, String surface, Served list, String[] featureNames,
      Map<String, float[]> rows, String ranker) {
    if (console.byConsole()) {
      console.audit(tenant, userId, surface);
      return;
    }
    if (list.items().isEmpty()) {
      return;
    }
    List<List<Float>> features = null;
    if (featureNames != null) {
      features = new java.util.ArrayList<>();
      for (Served.Item item : list.items()) {
        float[] row = rows.get(item.itemId());
        List<Float> values = new java.util.ArrayList<>();
        if (row != null) {
          for (float v : row) {
            values.add(v);
          }
        }
        features.add(values);
      }
    }
    ImpressionLogged e = new ImpressionLogged(list.recommendationId(), surface,
        list.items().stream().map(Served.Item::itemId).toList(), list.items().stream().map(Served.Item::source).toList(),
        featureNames == null ? null : List.of(featureNames), features, ranker, RequestTiming.elapsedMs(timing));
    String stream = userId == null ? "_anonymous" : userId;
    EventEnvelope env = EventEnvelope.toAppend(tenant, stream, UUID.randomUUID(), e, null, Instant.now());
    TenantTx.run(pool, tenant, c -> store.append(c, List.of(env))).subscribe().with(
        ok -> { }, err -> LOG.warnf("impression %s not logged: %s", list.recommendationId(), err.getMessage()));
  }
}
