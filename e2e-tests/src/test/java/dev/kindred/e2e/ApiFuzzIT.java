package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated requests against the real ingest and recommend services — valid events
 * mutated field by field, wrong types, huge and odd numbers, unicode edge cases (emoji, RTL,
 * zero-width, lone surrogates), very long strings, deep nesting, truncated and random bodies,
 * odd paths and query parameters. No answer may be a 5xx, and the events stored for the tenant
 * must be exactly the ones the answers said were accepted: no partial writes, nothing lost.
 */
class ApiFuzzIT {

  private static final long SEED = 20261123L;
  private static final int CASES = 3000;
  private static final String[] ODD = {"", " ", "\u0000", "😀👍🏽", "\u202Eevil", "zero\u200Bwidth", "ｆｕｌｌ", "a".repeat(300),
      "x".repeat(70_000), "\\ud800", "'; DROP TABLE events; --", "<script>alert(1)</script>", "%00", "../../etc/passwd",
      "null", "{}", "[]", "NaN", "-0", "1e400", "9".repeat(400)};
  private static final String[] NUMBERS = {"0", "-1", "1e308", "-1e308", "1e-320", "9223372036854775808", "1.5",
      "123456789012345678901234567890", "-0.0", "2147483648"};
  private static final String[] TYPES = {"view", "click", "add_to_cart", "purchase", "rating", "search", "review",
      "feedback", "teleport", "", "VIEW"};
  private static final String[] FIELDS = {"eventId", "type", "userId", "itemId", "sessionId", "occurredAt", "dwellMs",
      "rating", "quantity", "price", "query", "text", "kind", "topic", "recommendationId", "context", "extra"};

  private final Random random = new Random(SEED);

  @Test
  void noRequestCausesA5xxAndOnlyAcceptedEventsAreStored() throws Exception {
    Stack stack = Stack.get();
    Stack.Tenant t = stack.onboard("fuzz");
    long accepted = 0;
    int refused = 0;
    List<String> serverErrors = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Http.Answer a;
      String what = "case " + i;
      try {
      switch (i % 6) {
        case 0, 1 -> {
          String body = eventsBody();
          what = "POST /v1/events " + abbreviate(body);
          a = Http.call("POST", stack.url("ingest") + "/v1/events", t.ingestKey(), "application/json", body);
          accepted += acceptedIn(a);
        }
        case 2 -> {
          String body = random.nextBoolean() ? eventsBody() : value(0);
          what = "POST /v1/feedback " + abbreviate(body);
          a = Http.call("POST", stack.url("ingest") + "/v1/feedback", t.ingestKey(), "application/json", body);
          accepted += acceptedIn(a);
        }
        case 3 -> {
          String body = "[" + object(1) + "]";
          what = "PUT /v1/items " + abbreviate(body);
          a = Http.call("PUT", stack.url("ingest") + "/v1/items", t.ingestKey(), "application/json", body);
        }
        case 4 -> {
          String path = "/v1/users/" + enc(pick(ODD)) + "/recommendations?count=" + enc(pick(NUMBERS))
              + "&filter=" + enc(pick(ODD)) + "&context=" + enc(pick(ODD)) + "&exclude=" + enc(pick(ODD));
          what = "GET " + abbreviate(path);
          a = Http.call("GET", stack.url("recommend") + path, t.serveKey(), null, null);
        }
        default -> {
          if (random.nextBoolean()) {
            String body = random.nextBoolean() ? "{\"userId\":" + value(0) + ",\"itemIds\":" + value(0) + "}" : value(0);
            what = "POST /v1/rerank " + abbreviate(body);
            a = Http.call("POST", stack.url("recommend") + "/v1/rerank", t.serveKey(), "application/json", body);
          } else {
            String body = random.nextBoolean() ? value(0) : "{\"events\":[{\"type\":" + value(0) + ",\"itemId\":" + value(0)
                + ",\"rating\":" + value(0) + "}],\"statedInterest\":" + value(0) + ",\"count\":" + value(0) + "}";
            String path = "/v1/users/" + enc(pick(ODD)) + "/what-if";
            what = "POST " + abbreviate(path) + " " + abbreviate(body);
            a = Http.call("POST", stack.url("recommend") + path, t.serveKey(), "application/json", body);
          }
        }
      }
      } catch (IllegalStateException noAnswer) {
        serverErrors.add("no answer for " + what + ": " + noAnswer.getCause());
        continue;
      }
      if (a.status() >= 500) {
        serverErrors.add(a.status() + " for " + what + " → " + abbreviate(a.body()));
      } else if (a.status() >= 400) {
        refused++;
      }
    }
    assertThat(serverErrors).as("answers with a 5xx").isEmpty();
    // The generator reaches both sides: plenty refused with a 4xx, plenty of events stored.
    assertThat(refused).isGreaterThan(CASES / 4);
    assertThat(accepted).isGreaterThan(CASES / 4);
    // Behaviour events stored for the tenant (feedback included; impressions are serving's own).
    assertThat(storedEvents(t.id())).isEqualTo(accepted);
  }

  /** One endpoint of the sweep: how to call it with generated input. */
  private record Target(String name, java.util.function.Supplier<Http.Answer> call) {
  }

  /**
   * Every serving and control endpoint, 250 generated requests each (odd ids in paths, odd query
   * parameters, odd bodies; pages' keys with odd tokens): none may answer with a 5xx.
   */
  @Test
  void everyServingAndControlEndpointAnswersOddInputWithoutA5xx() throws Exception {
    Stack stack = Stack.get();
    Stack.Tenant t = stack.onboard("fuzz-all");
    Stack.Tenant settingsTenant = stack.onboard("fuzz-settings");
    String admin = stack.control.token();
    String rec = stack.url("recommend");
    String ing = stack.url("ingest");
    String ctl = stack.url("control");
    String tenant = "/v1/tenants/" + t.id();
    List<Target> targets = List.of(
        new Target("GET feed", () -> Http.call("GET", rec + "/v1/users/" + enc(pick(ODD)) + "/recommendations?count="
            + enc(oddOrNumber()) + "&filter=" + enc(pick(ODD)) + "&context=" + enc(pick(ODD)) + "&exclude="
            + enc(pick(ODD)) + "&explain=" + enc(oddOrNumber()), t.serveKey(), null, null)),
        new Target("GET similar", () -> Http.call("GET", rec + "/v1/items/" + enc(pick(ODD)) + "/similar?count="
            + enc(oddOrNumber()) + "&userId=" + enc(pick(ODD)), t.serveKey(), null, null)),
        new Target("POST rerank", () -> Http.call("POST", rec + "/v1/rerank", t.serveKey(), "application/json",
            "{\"userId\":" + value(0) + ",\"itemIds\":" + value(0) + "}")),
        new Target("GET trending", () -> Http.call("GET", rec + "/v1/trending?count=" + enc(oddOrNumber()) + "&category="
            + enc(pick(ODD)) + "&filter=" + enc(pick(ODD)) + "&userId=" + enc(pick(ODD)), t.serveKey(), null, null)),
        new Target("GET profile", () -> Http.call("GET", rec + "/v1/users/" + enc(pick(ODD)) + "/profile", t.serveKey(),
            null, null)),
        new Target("PATCH profile", () -> Http.call("PATCH", rec + "/v1/users/" + enc(pick(ODD)) + "/profile", t.serveKey(),
            "application/json", random.nextBoolean() ? value(0) : "{\"interests\":[{\"id\":" + value(1) + ",\"muted\":"
                + value(1) + ",\"deleted\":" + value(1) + "}]}")),
        new Target("POST what-if", () -> Http.call("POST", rec + "/v1/users/" + enc(pick(ODD)) + "/what-if", t.serveKey(),
            "application/json", "{\"events\":[{\"type\":" + value(0) + ",\"itemId\":" + value(0) + "}],\"count\":"
                + value(0) + "}")),
        new Target("GET catalogue", () -> Http.call("GET", rec + "/v1/items?q=" + enc(pick(ODD)) + "&offset="
            + enc(oddOrNumber()) + "&limit=" + enc(oddOrNumber()), t.serveKey(), null, null)),
        new Target("GET stats", () -> Http.call("GET", rec + "/v1/stats?days=" + enc(oddOrNumber()), t.serveKey(), null, null)),
        new Target("GET quality", () -> Http.call("GET", rec + "/v1/quality?bucket=" + enc(pick(new String[] {"day", "hour",
            pick(ODD)})) + "&days=" + enc(oddOrNumber()) + "&hours=" + enc(oddOrNumber()), t.serveKey(), null, null)),
        new Target("GET feed as a page", () -> Http.call("GET", rec + "/v1/users/" + enc(pick(ODD)) + "/recommendations",
            t.publishableKey(), Map.of("X-Kindred-User-Token", oddToken(t)), null, null)),
        new Target("PUT interests", () -> Http.call("PUT", ing + "/v1/users/" + enc(pick(ODD)) + "/interests", t.ingestKey(),
            "application/json", random.nextBoolean() ? value(0) : "{\"text\":" + value(1) + ",\"interests\":" + value(1) + "}")),
        new Target("PUT consent", () -> Http.call("PUT", ing + "/v1/users/" + enc(pick(ODD)) + "/consent", t.ingestKey(),
            "application/json", "{\"personalization\":" + value(1) + ",\"analytics\":" + value(1) + "}")),
        new Target("GET export", () -> Http.call("GET", ing + "/v1/users/" + enc(pick(ODD)) + "/export", t.ingestKey(), null, null)),
        new Target("DELETE user", () -> Http.call("DELETE", ing + "/v1/users/" + enc(pick(ODD)), t.ingestKey(), null, null)),
        new Target("POST identify", () -> Http.call("POST", ing + "/v1/users/" + enc(pick(ODD)) + "/identify", t.ingestKey(),
            "application/json", "{\"anonymousId\":" + value(0) + "}")),
        new Target("GET job", () -> Http.call("GET", ing + "/v1/jobs/" + enc(pick(ODD)), t.ingestKey(), null, null)),
        new Target("DELETE item", () -> Http.call("DELETE", ing + "/v1/items/" + enc(pick(ODD)), t.ingestKey(), null, null)),
        new Target("GET privacy request", () -> Http.call("GET", ctl + "/v1/privacy/requests/" + enc(pick(ODD)),
            t.ingestKey(), null, null)),
        new Target("GET tenant", () -> Http.call("GET", ctl + "/v1/tenants/" + enc(pick(ODD)), admin, null, null)),
        new Target("PATCH settings", () -> Http.call("PATCH", ctl + "/v1/tenants/" + settingsTenant.id() + "/settings", admin,
            "application/merge-patch+json", random.nextBoolean() ? object(0) : "{\"" + pick(new String[] {"rules",
                "clientAccess", "quotas", "taxonomy", "rankingWeights", "eventWeights", "consumedEvents"}) + "\":"
                + value(0) + "}")),
        new Target("POST api-key", () -> Http.call("POST", ctl + tenant + "/api-keys", admin, "application/json",
            "{\"scope\":" + value(0) + ",\"label\":" + value(0) + ",\"replaces\":" + value(0) + ",\"oldKeyValidUntil\":"
                + value(0) + "}")),
        new Target("DELETE api-key", () -> Http.call("DELETE", ctl + tenant + "/api-keys/" + enc(pick(ODD)), admin, null, null)),
        new Target("POST user-token-key", () -> Http.call("POST", ctl + tenant + "/user-token-keys", admin,
            "application/json", "{\"label\":" + value(0) + ",\"replaces\":" + value(0) + "}")),
        new Target("DELETE user-token-key", () -> Http.call("DELETE", ctl + tenant + "/user-token-keys/" + enc(pick(ODD)),
            admin, null, null)),
        new Target("GET audit", () -> Http.call("GET", ctl + tenant + "/audit?limit=" + enc(oddOrNumber()), admin, null, null)),
        new Target("POST erasure", () -> Http.call("POST", ctl + tenant + "/privacy/erasures", admin, "application/json",
            "{\"userId\":" + value(0) + "}")),
        new Target("GET privacy requests", () -> Http.call("GET", ctl + tenant + "/privacy/requests?limit="
            + enc(oddOrNumber()), admin, null, null)),
        new Target("GET privacy request (tenant)", () -> Http.call("GET", ctl + tenant + "/privacy/requests/"
            + enc(pick(ODD)), admin, null, null)));
    List<String> serverErrors = new ArrayList<>();
    Map<String, Integer> refusedBy = new java.util.LinkedHashMap<>();
    for (Target target : targets) {
      for (int i = 0; i < 250; i++) {
        Http.Answer a;
        try {
          a = target.call().get();
        } catch (IllegalStateException noAnswer) {
          serverErrors.add("no answer for " + target.name() + ": " + noAnswer.getMessage());
          continue;
        }
        if (a.status() >= 500) {
          serverErrors.add(a.status() + " for " + target.name() + " → " + abbreviate(a.body()));
        } else if (a.status() >= 400) {
          refusedBy.merge(target.name(), 1, Integer::sum);
        }
      }
    }
    assertThat(serverErrors).as("answers with a 5xx").isEmpty();
    // The generator really reaches each endpoint's checks: every one refused some of it.
    assertThat(refusedBy.keySet()).containsAll(targets.stream().map(Target::name).toList());
  }

  private String oddOrNumber() {
    return random.nextBoolean() ? pick(ODD) : pick(NUMBERS);
  }

  /** A token for the page: sometimes a real one of another user, mostly odd text. */
  private String oddToken(Stack.Tenant t) {
    return switch (random.nextInt(4)) {
      case 0 -> t.userToken("u-" + random.nextInt(5));
      case 1 -> pick(ODD).replaceAll("[^\\x20-\\x7e]", "x");
      default -> "eyJhbGciOiJIUzI1NiJ9." + escape(pick(ODD)).replaceAll("[^A-Za-z0-9_-]", "A") + ".sig";
    };
  }

  private String eventsBody() {
    int r = random.nextInt(10);
    if (r == 0) {
      return truncated(object(0));
    }
    if (r == 1) {
      return "[".repeat(2000 + random.nextInt(3000)) + "]".repeat(random.nextInt(2));
    }
    if (r == 2) {
      byte[] b = new byte[random.nextInt(200)];
      random.nextBytes(b);
      return new String(b, StandardCharsets.ISO_8859_1);
    }
    int n = 1 + random.nextInt(5);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(random.nextInt(3) == 0 ? mutatedEvent() : validEvent());
    }
    return sb.append(']').toString();
  }

  private String validEvent() {
    String type = pick(new String[] {"view", "click", "purchase", "search", "rating"});
    String item = type.equals("search") ? "" : ",\"itemId\":\"item-" + random.nextInt(50) + "\"";
    String extra = switch (type) {
      case "search" -> ",\"query\":\"" + pick(new String[] {"tent", "ünïcödé", "😀 camping"}) + "\"";
      case "rating" -> ",\"rating\":" + random.nextInt(11);
      default -> "";
    };
    return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"userId\":\"u-" + random.nextInt(20)
        + "\"" + item + extra + "}";
  }

  /** A valid event with one field replaced by something odd, or removed, or duplicated. */
  private String mutatedEvent() {
    String field = pick(FIELDS);
    String valid = validEvent();
    JsonNode node;
    try {
      node = Http.JSON.readTree(valid);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    var obj = (com.fasterxml.jackson.databind.node.ObjectNode) node;
    if (random.nextInt(4) == 0) {
      obj.remove(field);
      return obj.toString();
    }
    String json = obj.toString();
    String replacement = value(1);
    return json.substring(0, json.length() - 1) + ",\"" + field + "\":" + replacement + "}";
  }

  /** Any JSON value: strings from the odd list, odd numbers, booleans, null, nested arrays and objects. */
  private String value(int depth) {
    int r = random.nextInt(depth > 3 ? 4 : 7);
    return switch (r) {
      case 0 -> "\"" + escape(pick(ODD)) + "\"";
      case 1 -> pick(NUMBERS);
      case 2 -> random.nextBoolean() ? "true" : "null";
      case 3 -> "\"" + pick(TYPES) + "\"";
      case 4 -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
      case 5 -> object(depth + 1);
      default -> "{\"context\":{\"" + escape(pick(ODD)) + "\":" + value(depth + 1) + "}}";
    };
  }

  private String object(int depth) {
    StringBuilder sb = new StringBuilder("{");
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      String key = random.nextInt(3) == 0 ? escape(pick(ODD)) : pick(random.nextBoolean() ? FIELDS
          : new String[] {"id", "title", "description", "categories", "tags", "attributes", "available", "imageUrl"});
      sb.append(i == 0 ? "" : ",").append('"').append(key).append("\":").append(value(depth + 1));
    }
    return sb.append('}').toString();
  }

  private String truncated(String json) {
    return json.isEmpty() ? "{" : json.substring(0, random.nextInt(json.length()));
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static long acceptedIn(Http.Answer a) {
    if (a.status() != 200 && a.status() != 207) {
      return 0;
    }
    try {
      return Http.JSON.readTree(a.body()).path("accepted").asLong();
    } catch (Exception e) {
      throw new AssertionError("a " + a.status() + " without a readable result: " + a.body());
    }
  }

  private static long storedEvents(String tenantId) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + System.getenv("KINDRED_DB_PORT") + "/kindred";
    try (Connection c = DriverManager.getConnection(url, "kindred", "kindred");
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND stream_key <> '_tenant' AND type <> 'ImpressionLogged'")) {
      ps.setString(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
