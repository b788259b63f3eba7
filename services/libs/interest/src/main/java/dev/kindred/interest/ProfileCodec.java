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

/**
 * The stored form of a profile: a JSON document with everything but the cluster centroids (those
 * are stored as pgvector values beside it and passed in on decode). Small vectors inside the
 * document (session, negatives) are base64 of little-endian float32.
 */
public final class ProfileCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileCodec() {
  }

  public static String encode(InterestProfile p) {
    ObjectNode root = JSON.createObjectNode();
    root.put("userId", p.userId());
    root.put("nextClusterId", p.nextClusterId());
    putInstant(root, "updatedAt", p.updatedAt());
    if (p.session() != null) {
      ObjectNode s = root.putObject("session");
      s.put("vector", vector(p.session()));
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

  public static InterestProfile decode(String json, Map<Integer, float[]> centroids) {
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
    JsonNode session = root.path("session");
    return InterestProfile.restore(text(root, "userId"), clusters, negatives, root.path("nextClusterId").asInt(1),
        session.hasNonNull("vector") ? vector(session.get("vector").asText()) : null,
        session.path("weight").asDouble(0), instant(session, "at"), instant(root, "updatedAt"));
  }

  /** The centroids packed as (int32 id, float32 × d) per cluster, little-endian. */
  public static byte[] packCentroids(InterestProfile p) {
    List<InterestCluster> clusters = p.clusters();
    int d = clusters.isEmpty() ? 0 : clusters.get(0).centroid().length;
    ByteBuffer b = ByteBuffer.allocate(clusters.size() * (4 + 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
    for (InterestCluster c : clusters) {
      b.putInt(c.id());
      for (float x : c.centroid()) {
        b.putFloat(x);
      }
    }
    return b.array();
  }

  public static Map<Integer, float[]> unpackCentroids(byte[] packed, int dimension) {
    Map<Integer, float[]> out = new LinkedHashMap<>();
    ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    while (b.remaining() >= 4 + 4 * dimension) {
      int id = b.getInt();
      float[] v = new float[dimension];
      b.asFloatBuffer().get(v);
      b.position(b.position() + 4 * dimension);
      out.put(id, v);
    }
    return out;
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
