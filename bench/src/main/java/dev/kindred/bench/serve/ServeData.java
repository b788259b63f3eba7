package dev.kindred.bench.serve;

import dev.kindred.inference.Vectors;
import dev.kindred.eventstore.privacy.TenantKeys;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.ProfileCodec;
import dev.kindred.interest.Signal;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The simulated tenant behind {@code bench serve}, loaded straight into PostgreSQL (the catalogue
 * and profiles are what serving reads; producing them through ingest and the worker is measured by
 * other benchmarks): items as unit vectors around 400 topics, users whose profiles come from the
 * worker's own update rule over 12–30 views of items of 2–4 topics. Loaded once, reused when the
 * counts match.
 */
public final class ServeData {

  static final int DIM = 384;
  static final int TOPICS = 400;
  private final int items;
  private final int users;
  private final float[][] topics;
  private final float[][] vectors;

  public ServeData(int items, int users) {
    this.items = items;
    this.users = users;
    Random r = new Random(3);
    topics = new float[TOPICS][];
    for (int t = 0; t < TOPICS; t++) {
      topics[t] = gaussian(r, 1);
    }
    vectors = new float[items][];
    for (int i = 0; i < items; i++) {
      float[] noise = gaussian(r, 0.45);
      float[] v = new float[DIM];
      float[] c = topics[topic(i)];
      for (int d = 0; d < DIM; d++) {
        v[d] = c[d] + noise[d];
      }
      vectors[i] = Vectors.normalize(v);
    }
  }

  static int topic(int item) {
    return item % TOPICS;
  }

  int items() {
    return items;
  }

  float[] vector(int item) {
    return vectors[item];
  }

  /**
   * Loads what is missing (items, then users with their keys, profiles and interest clusters), and
   * marks every user without candidate lists for the worker ({@code candidates_dirty}): the bench then
   * waits until the worker listed them, as a live tenant's profiles would have been.
   */
  public void load(Connection c, UUID tenant) throws Exception {
    boolean itemsLoaded = count(c, "items", tenant) == items;
    boolean usersLoaded = count(c, "interest_profiles", tenant) == users && count(c, "user_keys", tenant) == users
        && count(c, "interest_clusters", tenant) >= users;
    String model = embeddingModel(c);
    if (itemsLoaded) {
      labelItems(c, tenant, model);
    }
    if (itemsLoaded && usersLoaded) {
      System.err.printf("reusing the loaded tenant: %d items, %d profiles%n", items, users);
    } else {
      if (!itemsLoaded) {
        delete(c, tenant, "items");
        loadItems(c, tenant, model);
      }
      delete(c, tenant, "interest_clusters", "interest_profiles", "user_keys", "user_candidates", "candidates_dirty");
      loadUsers(c, tenant);
    }
    try (PreparedStatement mark = c.prepareStatement("""
        INSERT INTO candidates_dirty (tenant_id, user_id) SELECT p.tenant_id, p.user_id FROM interest_profiles p
        WHERE p.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM user_candidates u WHERE u.tenant_id = p.tenant_id AND u.user_id = p.user_id)
        ON CONFLICT DO NOTHING""")) {
      mark.setObject(1, tenant);
      int marked = mark.executeUpdate();
      if (marked > 0) {
        System.err.printf("  %d users marked for the worker's candidate lists%n", marked);
      }
    }
  }

  private static void delete(Connection c, UUID tenant, String... tables) throws Exception {
    for (String table : tables) {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
        d.setObject(1, tenant);
        d.executeUpdate();
      }
    }
  }

  /**
   * The model the worker embeds this stack's items with (the demo tenant's), so that it takes these
   * vectors as the items' embeddings: labelled otherwise, the worker embedded an item's text again at
   * each event about it (tens of milliseconds of ONNX on the shared cores per feedback the freshness
   * probe sends), which no live tenant's embedded catalogue costs. "bench" when no item is embedded yet.
   */
  private static String embeddingModel(Connection c) throws Exception {
    try (PreparedStatement q = c.prepareStatement("""
        SELECT embedding_model FROM items WHERE embedding_model IS NOT NULL AND embedding_model <> 'bench'
        GROUP BY embedding_model ORDER BY count(*) DESC LIMIT 1""");
        java.sql.ResultSet r = q.executeQuery()) {
      return r.next() ? r.getString(1) : "bench";
    }
  }

  private static void labelItems(Connection c, UUID tenant, String model) throws Exception {
    try (PreparedStatement u = c.prepareStatement(
        "UPDATE items SET embedding_model = ? WHERE tenant_id = ? AND embedding_model IS DISTINCT FROM ?")) {
      u.setString(1, model);
      u.setObject(2, tenant);
      u.setString(3, model);
      int n = u.executeUpdate();
      if (n > 0) {
        System.err.printf("  %d items labelled with the worker's model %s%n", n, model);
      }
    }
  }

  private void loadItems(Connection c, UUID tenant, String model) throws Exception {
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    long t = System.nanoTime();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items; i++) {
      sb.append(tenant).append(",item-").append(i).append(",\"Item ").append(i).append("\",\"{topic-").append(topic(i))
          .append("}\",0,\"").append(Vectors.toPgVector(vectors[i])).append("\",").append(model).append('\n');
      if (sb.length() > 4_000_000 || i == items - 1) {
        copy.copyIn("COPY items (tenant_id, item_id, title, categories, last_event_seq, embedding, embedding_model) "
            + "FROM STDIN (FORMAT csv)", new StringReader(sb.toString()));
        sb.setLength(0);
        System.err.printf("\r  items: %d/%d", i + 1, items);
      }
    }
    System.err.printf("%n  items loaded (HNSW maintained) in %.0f s%n", (System.nanoTime() - t) / 1e9);
  }

  private void loadUsers(Connection c, UUID tenant) throws Exception {
    // Users are pseudonymous (V15): each gets a key row as its first event would give it, and its
    // profile is stored under the pseudonym, so that serving resolves "user-N" exactly as in production.
    TenantKeys.Keys keys = dev.kindred.bench.Pseudonyms.tenantKeys(c, tenant);
    StringBuilder keyRows = new StringBuilder();
    StringBuilder clusterRows = new StringBuilder();
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    StringBuilder sb = new StringBuilder();
    Random r = new Random(5);
    InterestUpdater updater = new InterestUpdater(InterestSettings.defaults());
    Instant start = Instant.now().minusSeconds(86_400);
    HexFormat hex = HexFormat.of();
    for (int u = 0; u < users; u++) {
      UserKeys.NewUser key = UserKeys.newUser(keys, tenant, "user-" + u);
      keyRows.append(tenant).append(",\\x").append(hex.formatHex(key.lookup())).append(',').append(key.pseudonym())
          .append(",\\x").append(hex.formatHex(key.wrappedDek())).append('\n');
      InterestProfile p = new InterestProfile(key.pseudonym());
      int[] mine = new int[2 + r.nextInt(3)];
      for (int k = 0; k < mine.length; k++) {
        mine[k] = r.nextInt(TOPICS);
      }
      int views = 12 + r.nextInt(19);
      for (int n = 0; n < views; n++) {
        int item = mine[r.nextInt(mine.length)] + TOPICS * r.nextInt(items / TOPICS);
        updater.apply(p, new Signal(vectors[item], 1, start.plusSeconds(60L * n), n, "view", "item-" + item,
            "Item " + item, Map.of()));
      }
      for (var k : p.clusters()) {
        clusterRows.append(tenant).append(',').append(p.userId()).append(',').append(k.id()).append(",\"")
            .append(Vectors.toPgVector(k.centroid())).append("\",").append(k.weight()).append('\n');
      }
      sb.append(tenant).append(',').append(p.userId()).append(",\"").append(ProfileCodec.encode(p).replace("\"", "\"\""))
          .append("\",\"")
          .append(Vectors.toPgVector(p.session())).append("\"\n");
      if (sb.length() > 4_000_000 || u == users - 1) {
        copy.copyIn("COPY interest_profiles (tenant_id, user_id, profile, session_vector) FROM STDIN (FORMAT csv)",
            new StringReader(sb.toString()));
        copy.copyIn("COPY user_keys (tenant_id, lookup, pseudonym, wrapped_dek) FROM STDIN (FORMAT csv)",
            new StringReader(keyRows.toString()));
        copy.copyIn("COPY interest_clusters (tenant_id, user_id, cluster_id, centroid, weight) FROM STDIN (FORMAT csv)",
            new StringReader(clusterRows.toString()));
        sb.setLength(0);
        keyRows.setLength(0);
        clusterRows.setLength(0);
        System.err.printf("\r  profiles: %d/%d", u + 1, users);
      }
    }
    System.err.println();
    try (var st = c.createStatement()) {
      st.execute("ANALYZE items");
      st.execute("ANALYZE interest_profiles");
      st.execute("ANALYZE user_keys");
      st.execute("ANALYZE interest_clusters");
    }
  }

  private static long count(Connection c, String table, UUID tenant) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
      ps.setObject(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static float[] gaussian(Random r, double sigma) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) (r.nextGaussian() * sigma);
    }
    return v;
  }
}
