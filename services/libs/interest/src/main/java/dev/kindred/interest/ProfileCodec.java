package dev.kindred.interest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.kindred.inference.Vectors;

/**
 * The stored form of a profile: a JSON document with everything but its vectors of record — the
 * cluster centroids (one {@code interest_clusters} row each) and the session vector (the profile
 * row's {@code session_vector}), both pgvector values read back in binary and passed in on decode.
 * Negatives' vectors stay inside the document as base64 of little-endian float32.
 *
 * <p>Why the vectors are not in the document: the projection rewrites the document at every event.
 * With the session vector inside it (2 kB of base64) and every centroid packed again beside it, one
 * view event rewrote ~11 kB of TOAST and WAL where the cluster it moved and the session vector —
 * each already stored once as a vector — are the only vectors that changed (issue 23).
 */
public final class ProfileCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Columns to select beside a profile row {@code p} joined with {@link #vectorsJoin} for
   * {@link #decode(String, Integer[], byte[], byte[])}: its clusters' ids and centroids (binary, in id
   * order) and its session vector (binary).
   */
  public static final String VECTOR_COLUMNS = "v.cluster_ids, v.centroids, vector_send(p.session_vector) AS session";

  /**
   * The join giving {@link #VECTOR_COLUMNS} for a profile row {@code p}: one scan of its cluster rows,
   * from the given cluster table (live, or a replay's build table).
   */
  public static String vectorsJoin(String clusterTable) {
    return """
        LEFT JOIN LATERAL (
          SELECT array_agg(k.cluster_id ORDER BY k.cluster_id) AS cluster_ids,
                 string_agg(vector_send(k.centroid), ''::bytea ORDER BY k.cluster_id) AS centroids
          FROM %s k WHERE k.tenant_id = p.tenant_id AND k.user_id = p.user_id) v ON true""".formatted(clusterTable);
  }



  private ProfileCodec() {
  }

  public static String encode(InterestProfile p) {
    ObjectNode root = JSON.createObjectNode();
    root.put("userId", p.userId());
    root.put("nextClusterId", p.nextClusterId());
    putInstant(root, "updatedAt", p.updatedAt());
    if (p.session() != null) {
      ObjectNode s = root.putObject("session");
      s.put("weight", p.sessionWeight());
      putInstant(s, "at", p.sessionAt());
    }
    ArrayNode clusters = root.putArray("clusters");
    for (InterestCluster c : p.clusters()) {
      ObjectNode n = clusters.addObject();
      n.put("id", c.id());
      n.put("weight", c.weight());
      putInstant(n, "decayedAt", c.decayedAt());
      n.put("events", c.events());
      putInstant(n, "firstSeen", c.firstSeen());
      putInstant(n, "lastSeen", c.lastSeen());
      n.put("muted", c.muted());
      if (c.label() != null) {
        ObjectNode l = n.putObject("label");
        c.label().words().forEach(l.putArray("words")::add);
        l.put("source", c.label().source());
        l.put("confidence", c.label().confidence());
        c.label().detail().forEach(l.putArray("detail")::add);
      }
      ObjectNode ctx = n.putObject("context");
      c.context().forEach(ctx::put);
      ArrayNode support = n.putArray("support");
      for (SupportingEvent e : c.support()) {
        ObjectNode s = support.addObject();
        s.put("seq", e.seq());
        s.put("type", e.type());
        s.put("itemId", e.itemId());
        s.put("title", e.title());
        putInstant(s, "at", e.at());
      }
    }
    ArrayNode negatives = root.putArray("negatives");
    for (NegativeInterest x : p.negatives()) {
      ObjectNode n = negatives.addObject();
      n.put("vector", vector(x.vector()));
      n.put("weight", x.weight());
      n.put("reason", x.reason());
      n.put("itemId", x.itemId());
      n.put("title", x.title());
      putInstant(n, "at", x.at());
    }
    return root.toString();
  }

  /**
   * A profile read with {@link #VECTOR_COLUMNS}: the document, its clusters' ids and their centroids in
   * pgvector's binary form end to end, in the same order (both null when it has none), and the
   * session vector's binary form (null when none).
   */
  public static InterestProfile decode(String json, Integer[] clusterIds, byte[] centroids, byte[] session) {
    Map<Integer, float[]> byId = new LinkedHashMap<>();
    if (clusterIds != null) {
      ByteBuffer b = ByteBuffer.wrap(centroids);
      for (Integer id : clusterIds) {
        byId.put(id, Vectors.fromPgBinary(b));
      }
    }
    return decode(json, byId, session == null ? null : Vectors.fromPgBinary(session));
  }

  /** {@code session}: the session vector, or null (documents written before V32 carry it inside). */
  public static InterestProfile decode(String json, Map<Integer, float[]> centroids, float[] session) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored profile is not valid JSON", e);
    }
    List<InterestCluster> clusters = new ArrayList<>();
    for (JsonNode n : root.path("clusters")) {
      float[] centroid = centroids.get(n.path("id").asInt());
      if (centroid == null) {
        continue;
      }
      List<SupportingEvent> support = new ArrayList<>();
      for (JsonNode s : n.path("support")) {
        support.add(new SupportingEvent(s.path("seq").asLong(), text(s, "type"), text(s, "itemId"), text(s, "title"),
            instant(s, "at")));
      }
      Map<String, Integer> context = new LinkedHashMap<>();
      n.path("context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asInt()));
      InterestLabel label = null;
      if (n.hasNonNull("label")) {
        JsonNode l = n.get("label");
        List<String> words = new ArrayList<>();
        l.path("words").forEach(w -> words.add(w.asText()));
        List<String> detail = new ArrayList<>();
        l.path("detail").forEach(w -> detail.add(w.asText()));
        label = new InterestLabel(words, text(l, "source"), l.path("confidence").asDouble(), detail);
      }
      clusters.add(InterestCluster.restore(n.path("id").asInt(), centroid, n.path("weight").asDouble(),
          instant(n, "decayedAt"), n.path("events").asInt(), instant(n, "firstSeen"), instant(n, "lastSeen"),
          support, context, label, n.path("muted").asBoolean()));
    }
    List<NegativeInterest> negatives = new ArrayList<>();
    for (JsonNode n : root.path("negatives")) {
      negatives.add(new NegativeInterest(vector(n.path("vector").asText()), n.path("weight").asDouble(),
          text(n, "reason"), text(n, "itemId"), text(n, "title"), instant(n, "at")));
    }
    JsonNode s = root.path("session");
    float[] sessionVector = session != null ? session : s.hasNonNull("vector") ? vector(s.get("vector").asText()) : null;
    return InterestProfile.restore(text(root, "userId"), clusters, negatives, root.path("nextClusterId").asInt(1),
        sessionVector, s.path("weight").asDouble(0), instant(s, "at"), instant(root, "updatedAt"));
  }

  static String vector(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static float[] vector(String base64) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }

  private static void putInstant(ObjectNode n, String field, Instant at) {
    if (at != null) {
      n.put(field, at.toString());
    }
  }

  private static Instant instant(JsonNode n, String field) {
    return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
