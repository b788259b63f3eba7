package dev.kindred.eventstore.serving;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The synchronous projection behind serving (V23): in the append's own transaction, every stored
 * end-user event that engages with an item, turns one down or changes consent is merged into
 * {@code user_items} / {@code user_serving}. Merges go by sequence number (engagement bits OR-ed; the
 * latest engagement, feedback and consent win), so batches may arrive in any order and a rebuild from
 * the log commutes with live appends. The SQL reads a relation {@code facts(tenant_id, user_id,
 * item_id, kind_bit, type, at, seq, declined, personalization, analytics)}: the PostgreSQL append
 * provides it from the rows it just inserted (one statement per batch, see {@code EventStore}), the
 * Kafka append from the sequence numbers it claimed ({@link #apply}).
 */
public final class ServingProjection {

  /** The CTEs that merge {@code facts} into the read model; append {@code SELECT …} after them. */
  public static final String MERGE_CTES = """
      engaged AS (
        SELECT tenant_id, user_id, item_id,
               bit_or(kind_bit)::int2 AS kinds,
               (array_agg(type ORDER BY seq DESC) FILTER (WHERE kind_bit <> 0))[1] AS last_type,
               (array_agg(at ORDER BY seq DESC) FILTER (WHERE kind_bit <> 0))[1] AS last_at,
               coalesce(max(seq) FILTER (WHERE kind_bit <> 0), 0) AS last_seq,
               coalesce((array_agg(declined ORDER BY seq DESC) FILTER (WHERE declined IS NOT NULL))[1], false) AS declined,
               coalesce(max(seq) FILTER (WHERE declined IS NOT NULL), 0) AS feedback_seq
        FROM facts WHERE item_id IS NOT NULL AND (kind_bit <> 0 OR declined IS NOT NULL)
        GROUP BY tenant_id, user_id, item_id
      ), merged_items AS (
        INSERT INTO user_items AS u (tenant_id, user_id, item_id, kinds, last_type, last_at, last_seq, declined, feedback_seq)
        SELECT tenant_id, user_id, item_id, kinds, last_type, last_at, last_seq, declined, feedback_seq FROM engaged
        ON CONFLICT (tenant_id, user_id, item_id) DO UPDATE SET
          kinds = u.kinds | EXCLUDED.kinds,
          last_type = CASE WHEN EXCLUDED.last_seq > u.last_seq THEN EXCLUDED.last_type ELSE u.last_type END,
          last_at = CASE WHEN EXCLUDED.last_seq > u.last_seq THEN EXCLUDED.last_at ELSE u.last_at END,
          last_seq = greatest(u.last_seq, EXCLUDED.last_seq),
          declined = CASE WHEN EXCLUDED.feedback_seq > u.feedback_seq THEN EXCLUDED.declined ELSE u.declined END,
          feedback_seq = greatest(u.feedback_seq, EXCLUDED.feedback_seq)
        RETURNING 1
      ), consented AS (
        SELECT DISTINCT ON (tenant_id, user_id) tenant_id, user_id, personalization, analytics, seq
        FROM facts WHERE personalization IS NOT NULL ORDER BY tenant_id, user_id, seq DESC
      ), merged_consent AS (
        INSERT INTO user_serving AS s (tenant_id, user_id, personalization, analytics, consent_seq)
        SELECT tenant_id, user_id, personalization, analytics, seq FROM consented
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET personalization = EXCLUDED.personalization,
          analytics = EXCLUDED.analytics, consent_seq = EXCLUDED.consent_seq, updated_at = now()
        WHERE EXCLUDED.consent_seq > s.consent_seq
        RETURNING 1
      )""";

  private static final String APPLY = """
      WITH facts AS (
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::timestamptz[], $7::int8[],
                             $8::bool[], $9::bool[], $10::bool[])
          AS f(tenant_id, user_id, item_id, kind_bit, type, at, seq, declined, personalization, analytics)
      ), %s
      SELECT (SELECT count(*) FROM merged_items) + (SELECT count(*) FROM merged_consent)
      """.formatted(MERGE_CTES);

  private ServingProjection() {
  }

  /** One event as the projection takes it; {@code userId} is the pseudonym. */
  public record Row(UUID tenantId, String userId, String itemId, String type, OffsetDateTime at, long seq,
      ServingFact fact) {
  }

  /** Merges already-sequenced events (the Kafka append, a rebuild) in one statement. */
  public static Uni<Void> apply(SqlConnection c, List<Row> rows) {
    List<Row> useful = rows.stream().filter(r -> r.fact().any()).toList();
    if (useful.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = useful.size();
    UUID[] tenants = new UUID[n];
    String[] users = new String[n];
    String[] items = new String[n];
    Short[] kinds = new Short[n];
    String[] types = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Long[] seqs = new Long[n];
    Boolean[] declined = new Boolean[n];
    Boolean[] personalization = new Boolean[n];
    Boolean[] analytics = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Row r = useful.get(i);
      tenants[i] = r.tenantId();
      users[i] = r.userId();
      items[i] = r.itemId();
      kinds[i] = (short) r.fact().kindBit();
      types[i] = r.type();
      at[i] = r.at();
      seqs[i] = r.seq();
      declined[i] = r.fact().declined();
      personalization[i] = r.fact().personalization();
      analytics[i] = r.fact().analytics();
    }
    return c.preparedQuery(APPLY).execute(Tuple.tuple(List.of(tenants, users, items, kinds, types, at, seqs, declined,
        personalization, analytics))).replaceWithVoid();
  }
}
