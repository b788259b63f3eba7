package dev.kindred.worker.interest.repository;

import dev.kindred.eventstore.subscription.Position;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.ProfileCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Interest profiles and consent of one tenant (callers bind the tenant first). A profile is its
 * document and session vector plus one row per cluster holding the centroid as a pgvector value;
 * each vector is stored once (V32) and a cluster's row is written only when the cluster changed.
 */
@ApplicationScoped
public class ProfileRepository {

  public record Stored(InterestProfile profile, Position position) {
  }

  /** A cluster row to upsert (only clusters that changed are rewritten). */
  public record ClusterRow(int id, float[] centroid, double weight, String label, String source, Float confidence,
      boolean muted) {
  }

  /**
   * A profile ready to store, encoded up front (on the caller's worker thread, not in the database
   * callback): its document, session vector, the ids of all its clusters and the changed rows.
   */
  public record Write(String userId, String document, float[] session, Position position,
      UUID lastEventId, List<Integer> clusterIds, List<ClusterRow> changed) {

    public static Write of(String userId, InterestProfile p, Position position, UUID lastEventId) {
      List<Integer> ids = new ArrayList<>();
      List<ClusterRow> changed = new ArrayList<>();
      var touched = p.touched();
      for (InterestCluster k : p.clusters()) {
        ids.add(k.id());
        if (touched.contains(k.id())) {
          changed.add(new ClusterRow(k.id(), k.centroid(), k.weight(),
              k.label() == null ? null : k.label().text(), k.label() == null ? null : k.label().source(),
              k.label() == null ? null : (float) k.label().confidence(), k.muted()));
        }
      }
      return new Write(userId, ProfileCodec.encode(p), p.session(), position, lastEventId, ids, changed);
    }
  }

  private static final int DIMENSION = 384;
  /** Key prefix in {@link #load}'s result marking a user without personalization consent. */
  public static final String OPTED_OUT = "\u0000opted-out:";

  /**
   * The rows of the users' stored profiles, and of those who withdrew consent; {@link #open} makes
   * them profiles — on the caller's thread: decoding documents in the database client's callback
   * held its event loop, which also carries the batch being written meanwhile.
   */
  public Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> load(SqlConnection c, ProfileTables t, UUID tenantId,
      Collection<String> users) {
    return c.preparedQuery("""
            SELECT p.user_id, p.profile::text AS profile, %s, p.last_tx_id::text AS tx, p.last_seq,
                   NULL::bool AS opted_out
            FROM %s p %s WHERE p.tenant_id = $1 AND p.user_id = ANY ($2)
            UNION ALL
            SELECT k.user_id, NULL, NULL, NULL, NULL, NULL, NULL, true FROM user_consent k
            WHERE k.tenant_id = $1 AND k.user_id = ANY ($2) AND NOT k.personalization
            """.formatted(ProfileCodec.VECTOR_COLUMNS, t.profiles(), ProfileCodec.vectorsJoin(t.clusters())))
        .execute(Tuple.of(tenantId, users.toArray(String[]::new)));
  }

  /** Stored profiles of the rows {@link #load} read, and (under {@link #OPTED_OUT}) those who withdrew consent. */
  public Map<String, Stored> open(Iterable<Row> rows) {
    Map<String, Stored> out = new HashMap<>();
    for (Row r : rows) {
      if (Boolean.TRUE.equals(r.getBoolean("opted_out"))) {
        out.put(OPTED_OUT + r.getString("user_id"), null);
        continue;
      }
      out.put(r.getString("user_id"), new Stored(decode(r),
          new Position(Long.parseUnsignedLong(r.getString("tx")), r.getLong("last_seq"))));
    }
    return out;
  }

  /** A profile row read with {@link ProfileCodec#VECTOR_COLUMNS}. */
  private static InterestProfile decode(Row r) {
    var centroids = r.getBuffer("centroids");
    var session = r.getBuffer("session");
    return ProfileCodec.decode(r.getString("profile"), r.getArrayOfIntegers("cluster_ids"),
        centroids == null ? null : centroids.getBytes(), session == null ? null : session.getBytes());
  }

  /** How many times replays have swapped this tenant's profiles (0 when never). */
  public Uni<Integer> generation(SqlConnection c, UUID tenantId) {
    return c.preparedQuery("SELECT generation FROM profile_generations WHERE tenant_id = $1").execute(Tuple.of(tenantId))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  /**
   * Fails when a replay swapped the tenant's profiles after {@code expected} was read (the batch is
   * then prepared again from the new ones); holds a share lock on the generation until commit, so
   * no swap happens while this transaction writes.
   */
  public Uni<Void> checkGeneration(SqlConnection tx, UUID tenantId, int expected) {
    return tx.preparedQuery("SELECT generation FROM profile_generations WHERE tenant_id = $1 FOR SHARE")
        .execute(Tuple.of(tenantId))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0))
        .invoke(now -> {
          if (now != expected) {
            throw new StaleProfilesException(tenantId, expected, now);
          }
        }).replaceWithVoid();
  }

  /** A replay swapped the profiles a batch was prepared from. */
  public static final class StaleProfilesException extends IllegalStateException {
    StaleProfilesException(UUID tenant, int expected, int now) {
      super("tenant " + tenant + ": profiles swapped by a replay (generation " + expected + " -> " + now
          + ") since this batch was prepared; preparing it again");
    }
  }

  public Uni<Void> saveConsent(SqlConnection c, UUID tenantId, String userId, boolean personalization, boolean analytics) {
    return c.preparedQuery("""
            INSERT INTO user_consent (tenant_id, user_id, personalization, analytics) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET personalization = EXCLUDED.personalization,
              analytics = EXCLUDED.analytics, updated_at = now()
            """).execute(Tuple.of(tenantId, userId, personalization, analytics)).replaceWithVoid();
  }

  /** The users' candidate lists are to be computed again ({@code candidates_dirty}, V23). */
  public Uni<Void> markCandidates(SqlConnection c, UUID tenantId, Collection<String> users) {
    return c.preparedQuery("""
            INSERT INTO candidates_dirty (tenant_id, user_id) SELECT $1, u FROM unnest($2::text[]) AS u
            ON CONFLICT (tenant_id, user_id) DO NOTHING
            """).execute(Tuple.of(tenantId, users.toArray(String[]::new))).replaceWithVoid();
  }

  public Uni<Void> delete(SqlConnection c, ProfileTables t, UUID tenantId, Collection<String> users) {
    String[] ids = users.toArray(String[]::new);
    return c.preparedQuery("DELETE FROM " + t.clusters() + " WHERE tenant_id = $1 AND user_id = ANY ($2)")
        .execute(Tuple.of(tenantId, ids))
        .chain(() -> c.preparedQuery("DELETE FROM " + t.profiles() + " WHERE tenant_id = $1 AND user_id = ANY ($2)")
            .execute(Tuple.of(tenantId, ids)))
        .replaceWithVoid();
  }

  /** Replaces the profiles of the given users: documents, and cluster rows that changed or went. */
  public Uni<Void> save(SqlConnection c, ProfileTables t, UUID tenantId, List<Write> writes) {
    int n = writes.size();
    String[] users = new String[n];
    String[] docs = new String[n];
    // Vectors travel in binary, one flat real[] sliced per row in SQL: formatting them as text
    // (and PostgreSQL parsing it back) was the worker's largest CPU item per event.
    Float[] sessions = new Float[n * DIMENSION];
    Boolean[] hasSession = new Boolean[n];
    String[] txs = new String[n];
    Long[] seqs = new Long[n];
    UUID[] eventIds = new UUID[n];
    List<String> allUser = new ArrayList<>();
    List<Integer> allId = new ArrayList<>();
    List<String> cUser = new ArrayList<>();
    List<Integer> cId = new ArrayList<>();
    List<float[]> cVec = new ArrayList<>();
    List<Double> cWeight = new ArrayList<>();
    List<String> cLabel = new ArrayList<>();
    List<String> cSource = new ArrayList<>();
    List<Float> cConf = new ArrayList<>();
    List<Boolean> cMuted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Write w = writes.get(i);
      users[i] = w.userId();
      docs[i] = w.document();
      hasSession[i] = w.session() != null;
      copy(w.session(), sessions, i);
      txs[i] = Long.toUnsignedString(w.position().txId());
      seqs[i] = w.position().seq();
      eventIds[i] = w.lastEventId();
      w.clusterIds().forEach(id -> {
        allUser.add(w.userId());
        allId.add(id);
      });
      for (ClusterRow k : w.changed()) {
        cUser.add(w.userId());
        cId.add(k.id());
        cVec.add(k.centroid());
        cWeight.add(k.weight());
        cLabel.add(k.label());
        cSource.add(k.source());
        cConf.add(k.confidence());
        cMuted.add(k.muted());
      }
    }
    // One statement: upsert the documents, drop clusters that no longer exist, upsert the others.
    // The deleted and the upserted cluster keys never overlap, so the order inside it does not matter.
    Float[] clusterVectors = new Float[cVec.size() * DIMENSION];
    for (int k = 0; k < cVec.size(); k++) {
      copy(cVec.get(k), clusterVectors, k);
    }
    return c.preparedQuery("""
            WITH docs AS (
              INSERT INTO %1$s (tenant_id, user_id, profile, session_vector, last_tx_id,
                                             last_seq, last_event_id, updated_at)
              SELECT $1, u, d::jsonb, CASE WHEN h THEN ($4::real[])[(o - 1) * %3$d + 1 : o * %3$d]::vector END,
                     t::xid8, q, e, clock_timestamp()
              FROM unnest($2::text[], $3::text[], $18::bool[], $5::text[], $6::bigint[], $7::uuid[])
                WITH ORDINALITY AS x(u, d, h, t, q, e, o)
              ON CONFLICT (tenant_id, user_id) DO UPDATE SET profile = EXCLUDED.profile,
                session_vector = EXCLUDED.session_vector, last_tx_id = EXCLUDED.last_tx_id,
                last_seq = EXCLUDED.last_seq, last_event_id = EXCLUDED.last_event_id, updated_at = EXCLUDED.updated_at
              RETURNING 1
            ), gone AS (
              DELETE FROM %2$s k WHERE k.tenant_id = $1 AND k.user_id = ANY ($2)
                AND (k.user_id, k.cluster_id) NOT IN (SELECT cu, ci FROM unnest($16::text[], $17::int[]) AS y(cu, ci))
              RETURNING 1
            )
            INSERT INTO %2$s (tenant_id, user_id, cluster_id, centroid, weight, label, label_source,
                                           label_confidence, muted)
            SELECT $1, u, i, ($10::real[])[(o - 1) * %3$d + 1 : o * %3$d]::vector, w, l, s, f, m
            FROM unnest($8::text[], $9::int[], $11::float8[], $12::text[], $13::text[], $14::float4[], $15::bool[])
              WITH ORDINALITY AS x(u, i, w, l, s, f, m, o)
            ON CONFLICT (tenant_id, user_id, cluster_id) DO UPDATE SET centroid = EXCLUDED.centroid,
              weight = EXCLUDED.weight, label = EXCLUDED.label, label_source = EXCLUDED.label_source,
              label_confidence = EXCLUDED.label_confidence, muted = EXCLUDED.muted
            """.formatted(t.profiles(), t.clusters(), DIMENSION)).execute(Tuple.tuple(List.of(tenantId, users, docs, sessions, txs,
            seqs, eventIds, cUser.toArray(String[]::new), cId.toArray(Integer[]::new), clusterVectors,
            cWeight.toArray(Double[]::new), cLabel.toArray(String[]::new), cSource.toArray(String[]::new),
            cConf.toArray(Float[]::new), cMuted.toArray(Boolean[]::new), allUser.toArray(String[]::new),
            allId.toArray(Integer[]::new), hasSession)))
        .replaceWithVoid();
  }

  /** Puts {@code v} (or zeros when null) at row {@code row} of a flat array of rows of DIMENSION floats. */
  private static void copy(float[] v, Float[] flat, int row) {
    for (int j = 0; j < DIMENSION; j++) {
      flat[row * DIMENSION + j] = v == null ? 0f : v[j];
    }
  }
}
