package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.sdk.Event;
import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The right to be forgotten, end to end on the running stack: a user's behaviour, stated
 * interests, consent and a served list become a profile, co-visitation counts and sealed events;
 * {@code DELETE /v1/users/{id}} is followed on control until COMPLETED; then every table of the
 * database is searched for the user id, their words and their pseudonym, the surviving event rows
 * are shown to be unreadable, co-visitation is shown to hold only the other user's share, the APIs
 * know nothing of the user, and the services' logs never held the id.
 */
class ErasureIT {

  private static final String ERIN = "erin.quokka@example.org";
  private static final String WORDS = "quokka";
  private static Stack stack;
  private static Stack.Tenant tenant;
  private static KindredClient kindred;

  @BeforeAll
  static void start() {
    stack = Stack.get();
    tenant = stack.onboard("erase");
    kindred = new KindredClient(KindredConfig.builder().ingestUrl(stack.url("ingest")).recommendUrl(stack.url("recommend"))
        .ingestKey(tenant.ingestKey()).serveKey(tenant.serveKey()).flushInterval(Duration.ofMillis(100)).build());
    DemoCatalogue.load(kindred);
  }

  @AfterAll
  static void stop() {
    if (kindred != null) {
      kindred.close();
    }
  }

  @Test
  void anErasedUserLeavesNothingReadableAnywhere() throws Exception {
    kindred.consent(ERIN, true, true);
    kindred.statedInterests(ERIN, "I collect " + WORDS + " postcards and camp a lot");
    for (String item : List.of("camp-0", "camp-1", "coffee-0", "coffee-1", "camp-2")) {
      kindred.track(Event.view(ERIN, item));
    }
    kindred.track(Event.purchase(ERIN, "coffee-1").price(12.5));
    kindred.track(Event.search(ERIN, WORDS + " friendly tent"));
    kindred.track(Event.review(ERIN, "camp-2", "Took it to see the " + WORDS + "s, stayed dry"));
    kindred.track(Event.view("bob", "camp-0"));
    kindred.track(Event.view("bob", "camp-1"));
    assertThat(kindred.flush(Duration.ofSeconds(30))).isTrue();
    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(kindred, ERIN));
    assertThat(kindred.recommendations(ERIN, KindredClient.RecommendationRequest.count(5)).personalized()).isTrue();
    // Co-visitation counted both users: camp-0 → camp-1 by Erin and Bob, coffee-0 → coffee-1 by Erin alone.
    DemoCatalogue.eventually(Duration.ofSeconds(60), () -> coVisit("camp-0", "camp-1") == 2.0);
    assertThat(coVisit("coffee-0", "coffee-1")).isPositive();
    assertThat(count("SELECT count(*) FROM item_heat WHERE tenant_id = ?::uuid AND item_id = 'coffee-1'")).isOne();
    // Pseudonymisation: even before the erasure the user id is in no table at all (their words may be, in
    // the profile kept under their pseudonym, and in sealed form in the log).
    assertThat(scan(ERIN)).isEmpty();
    String pseudonym = single("SELECT DISTINCT stream_key FROM events WHERE tenant_id = ?::uuid AND type = 'ItemPurchased'");
    assertThat(pseudonym).matches("[0-9a-f]{32}");
    assertThat(count("SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND stream_key = '" + pseudonym
        + "' AND item_id IS NOT NULL")).isPositive();

    long t0 = System.nanoTime();
    Http.Answer asked = Http.call("DELETE", stack.url("ingest") + "/v1/users/" + enc(ERIN), tenant.ingestKey(), null, null);
    assertThat(asked.status()).isEqualTo(202);
    String requestId = Http.JSON.readTree(asked.body()).path("requestId").asText();
    JsonNode status = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Http.Answer a = Http.call("GET", stack.url("control") + "/v1/privacy/requests/" + requestId, tenant.ingestKey(), null, null);
      assertThat(a.status()).isEqualTo(200);
      status = Http.JSON.readTree(a.body());
      if ("COMPLETED".equals(status.path("status").asText())) {
        break;
      }
      Stack.sleep(20);
    }
    long observedMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(status.path("status").asText()).isEqualTo("COMPLETED");
    long workerMs = status.path("detail").path("elapsedMs").asLong();

    // 1. Every table, every row as text: the id and the user's own words are nowhere; the
    //    pseudonym survives only as the stream key of events nobody can open any more.
    Map<String, Long> idHits = scan(ERIN);
    Map<String, Long> wordHits = scan(WORDS);
    Map<String, Long> pseudonymHits = scan(pseudonym);
    assertThat(idHits).isEmpty();
    assertThat(wordHits).isEmpty();
    assertThat(pseudonymHits.keySet()).allMatch(t -> t.startsWith("events_"));
    assertThat(count("SELECT count(*) FROM user_keys WHERE tenant_id = ?::uuid AND pseudonym = '" + pseudonym + "'")).isZero();
    long left = count("SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND stream_key = '" + pseudonym + "'");
    assertThat(left).isPositive();
    assertThat(count("SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND stream_key = '" + pseudonym
        + "' AND (item_id IS NOT NULL OR payload::text NOT LIKE '{\"sealed\"%')")).isZero();
    // 2. Co-visitation keeps Bob's share only; Erin's pair and her only-hers engagements are gone.
    assertThat(coVisit("camp-0", "camp-1")).isEqualTo(1.0);
    assertThat(coVisit("coffee-0", "coffee-1")).isZero();
    assertThat(count("SELECT count(*) FROM item_engagement WHERE tenant_id = ?::uuid AND item_id = 'coffee-1'")).isZero();
    // Trending's heat likewise: the items only she engaged with are not trending any more, Bob's still are.
    assertThat(count("SELECT count(*) FROM item_heat WHERE tenant_id = ?::uuid AND item_id = 'coffee-1'")).isZero();
    assertThat(count("SELECT count(*) FROM item_heat WHERE tenant_id = ?::uuid AND item_id = 'camp-1'")).isOne();
    // 3. The APIs: no profile, an export with nothing in it, a feed that is not personal.
    assertThat(Http.call("GET", stack.url("recommend") + "/v1/users/" + enc(ERIN) + "/profile", tenant.serveKey(), null, null)
        .status()).isEqualTo(404);
    JsonNode export = Http.JSON.readTree(Http.call("GET", stack.url("ingest") + "/v1/users/" + enc(ERIN) + "/export",
        tenant.ingestKey(), null, null).body());
    assertThat(export.path("events")).isEmpty();
    assertThat(export.path("profile").isNull()).isTrue();
    assertThat(Http.JSON.readTree(Http.call("GET", stack.url("recommend") + "/v1/users/" + enc(ERIN) + "/recommendations",
        tenant.serveKey(), null, null).body()).path("personalized").asBoolean()).isFalse();
    // 4. The request: completed, its subject cleared, the completion recorded without personal data.
    assertThat(count("SELECT count(*) FROM privacy_requests WHERE tenant_id = ?::uuid AND id = '" + requestId
        + "' AND subject IS NULL AND status = 'COMPLETED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND stream_key = '_privacy'"
        + " AND type = 'ErasureCompleted' AND payload->>'requestId' = '" + requestId + "'")).isEqualTo(1);
    // 5. The services' logs never held the id, nor any secret: API keys, the platform master key.
    List<String> logged = new ArrayList<>();
    List<String> secrets = List.of(ERIN, tenant.ingestKey(), tenant.serveKey(), System.getenv("KINDRED_PRIVACY_MASTER_KEY"));
    try (Stream<Path> logs = Files.list(Path.of("target/e2e-logs"))) {
      for (Path p : logs.toList()) {
        String text = Files.readString(p);
        for (String secret : secrets) {
          if (text.contains(secret)) {
            logged.add(p.getFileName() + " holds " + (secret.equals(ERIN) ? "the user id" : "a secret"));
          }
        }
      }
    }
    assertThat(logged).isEmpty();

    String report = "erasure: request→COMPLETED observed by polling %d ms; worker-measured (request row → completion) %d ms;"
        .formatted(observedMs, workerMs) + " event rows left, sealed and unkeyed: " + left + "; removed: "
        + status.path("detail").path("removed") + System.lineSeparator();
    Files.writeString(Path.of("target/erasure-report.txt"), report);
    System.out.print(report);
  }

  private static double coVisit(String a, String b) {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement(
        "SELECT coalesce(max(weight), 0) FROM co_visits WHERE tenant_id = ?::uuid AND item_id = ? AND other_id = ?")) {
      s.setString(1, tenant.id());
      s.setString(2, a);
      s.setString(3, b);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getDouble(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tables (partitions included, as themselves) with rows whose text contains {@code needle}. */
  private static Map<String, Long> scan(String needle) throws Exception {
    Map<String, Long> hits = new LinkedHashMap<>();
    try (Connection c = db()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery(
          "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).contains("events_default", "user_keys", "interest_profiles", "co_visits", "audit_log");
      for (String t : tables) {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM \"" + t + "\" x WHERE x::text ILIKE ?")) {
          s.setString(1, "%" + needle + "%");
          try (ResultSet r = s.executeQuery()) {
            r.next();
            if (r.getLong(1) > 0) {
              hits.put(t, r.getLong(1));
            }
          }
        }
      }
    }
    return hits;
  }

  private static long count(String sql) throws Exception {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant.id());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String single(String sql) throws Exception {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant.id());
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        String v = r.getString(1);
        assertThat(r.next()).as("one stream").isFalse();
        return v;
      }
    }
  }

  private static Connection db() throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + System.getenv("KINDRED_DB_PORT") + "/kindred",
        "kindred", "kindred");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
