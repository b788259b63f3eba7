package dev.kindred.recommend.serving;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appends an {@code ImpressionLogged} event for every served list so that clicks and feedback can
 * be attributed to it — off the latency path and never one write per request: lists are buffered
 * and appended every {@code kindred.recommend.impression-flush-ms} (100) in one multi-row append per
 * tenant ({@link ImpressionBuffer}); a clean stop flushes what is buffered, a crash loses at most one
 * flush window.
 */
@ApplicationScoped
public class ImpressionLog {

  private final ConsoleReads console;
  private final RequestTiming timing;
  private final ImpressionBuffer buffer;

  public ImpressionLog(ConsoleReads console, RequestTiming timing, ImpressionBuffer buffer) {
    this.console = console;
    this.timing = timing;
    this.buffer = buffer;
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
    buffer.add(EventEnvelope.toAppend(tenant, stream, UUID.randomUUID(), e, null, Instant.now()));
  }
}
