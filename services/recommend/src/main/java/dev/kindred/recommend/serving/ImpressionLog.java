package dev.kindred.recommend.serving;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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
  private final EventStore store = new EventStore();

  public ImpressionLog(Pool pool) {
    this.pool = pool;
  }

  /** {@code surface}: home, similar, rerank, trending. Users are streams; anonymous lists use {@code _anonymous}. */
  public void log(UUID tenant, String userId, String surface, Served list) {
    if (list.items().isEmpty()) {
      return;
    }
    ImpressionLogged e = new ImpressionLogged(list.recommendationId(), surface,
        list.items().stream().map(Served.Item::itemId).toList(), list.items().stream().map(Served.Item::source).toList());
    String stream = userId == null ? "_anonymous" : userId;
    EventEnvelope env = EventEnvelope.toAppend(tenant, stream, UUID.randomUUID(), e, null, Instant.now());
    TenantTx.run(pool, tenant, c -> store.append(c, List.of(env))).subscribe().with(
        ok -> { }, err -> LOG.warnf("impression %s not logged: %s", list.recommendationId(), err.getMessage()));
  }
}
