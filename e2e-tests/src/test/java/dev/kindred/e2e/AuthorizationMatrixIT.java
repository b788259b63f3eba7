package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.sdk.Event;
import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of every service × every kind of caller, against the real services and Keycloak:
 * the expected status for each cell, no byte of tenant A's data in any answer to someone who is not
 * A's, and no byte of A's user mx's data in any answer to a page that does not hold mx's token.
 * Tenant B is a second onboarded tenant; A's analyst and privacy officer are real Keycloak users in
 * A's organization. Pages hold A's publishable key alone (an anonymous visitor), with mx's token, with
 * another user's token, with an expired token, with a token signed by B's secret, or with a forged one.
 */
class AuthorizationMatrixIT {

  /** Who calls: tokens for control, keys (and pages' user tokens) for ingest and recommend. */
  enum Caller { NONE, GARBAGE, PLATFORM_ADMIN, A_ADMIN, A_ANALYST, A_PRIVACY_OFFICER, B_ADMIN, NO_ROLE,
    A_INGEST, A_SERVE, B_INGEST, B_SERVE,
    A_PUB, A_PUB_MX, A_PUB_OTHER, A_PUB_EXPIRED, A_PUB_FOREIGN, A_PUB_FORGED, B_PUB, B_PUB_MX }

  /** The pages' callers that may not see mx's data (all but the one holding mx's own token). */
  private static final java.util.Set<Caller> NOT_MX = java.util.EnumSet.of(Caller.A_PUB, Caller.A_PUB_OTHER,
      Caller.A_PUB_EXPIRED, Caller.A_PUB_FOREIGN, Caller.A_PUB_FORGED, Caller.B_PUB, Caller.B_PUB_MX);
  private static final String VISITOR = "anon-" + UUID.randomUUID();
  private static final String VISITOR_2 = "anon-" + UUID.randomUUID();
  private static final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
  private static final List<String> mxEventIds = new ArrayList<>();

  /** Expected status; 2 means any 2xx. */
  record Row(String service, String method, String path, String body, Map<Caller, Integer> expected) {
  }

  private static Stack stack;
  private static Stack.Tenant a;
  private static Stack.Tenant b;
  private static final Map<Caller, String> credentials = new EnumMap<>(Caller.class);
  private static String jobId;
  private static String erasureId;

  @BeforeAll
  static void tenants() throws Exception {
    stack = Stack.get();
    a = stack.onboard("authz-a");
    b = stack.onboard("authz-b");
    KeycloakUsers users = new KeycloakUsers(stack.keycloak);
    credentials.put(Caller.GARBAGE, "kd_ing_garbage.garbage");
    credentials.put(Caller.PLATFORM_ADMIN, stack.control.token());
    credentials.put(Caller.A_ADMIN, Http.token(stack.keycloak, a.adminUser(), a.adminPassword()));
    credentials.put(Caller.A_ANALYST, users.userWithRole(a.slug(), a.slug() + "-analyst", "tenant-analyst"));
    credentials.put(Caller.A_PRIVACY_OFFICER, users.userWithRole(a.slug(), a.slug() + "-dpo", "privacy-officer"));
    credentials.put(Caller.B_ADMIN, Http.token(stack.keycloak, b.adminUser(), b.adminPassword()));
    credentials.put(Caller.NO_ROLE, Http.token(stack.keycloak, "nobody", "nobody-pw"));
    credentials.put(Caller.A_INGEST, a.ingestKey());
    credentials.put(Caller.A_SERVE, a.serveKey());
    credentials.put(Caller.B_INGEST, b.ingestKey());
    credentials.put(Caller.B_SERVE, b.serveKey());
    for (Caller page : List.of(Caller.A_PUB, Caller.A_PUB_MX, Caller.A_PUB_OTHER, Caller.A_PUB_EXPIRED,
        Caller.A_PUB_FOREIGN, Caller.A_PUB_FORGED)) {
      credentials.put(page, a.publishableKey());
    }
    credentials.put(Caller.B_PUB, b.publishableKey());
    credentials.put(Caller.B_PUB_MX, b.publishableKey());
    String mxToken = a.userToken("mx");
    tokens.put(Caller.A_PUB_MX, mxToken);
    tokens.put(Caller.A_PUB_OTHER, a.userToken("mx-other"));
    java.time.Instant now = java.time.Instant.now();
    tokens.put(Caller.A_PUB_EXPIRED, new dev.kindred.sdk.UserTokens(a.userTokenSecret()).sign("mx", now.minusSeconds(900),
        now.minusSeconds(120)));
    tokens.put(Caller.A_PUB_FOREIGN, b.userToken("mx"));
    byte[] noise = new byte[32];
    new java.security.SecureRandom().nextBytes(noise);
    tokens.put(Caller.A_PUB_FORGED, mxToken.substring(0, mxToken.lastIndexOf('.') + 1)
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(noise));
    tokens.put(Caller.B_PUB_MX, b.userToken("mx"));
    // The matrix sends hundreds of page requests from one address within seconds: lift the per-client rate.
    for (Stack.Tenant t : List.of(a, b)) {
      assertThat(Http.call("PATCH", stack.url("control") + "/v1/tenants/" + t.id() + "/settings",
          credentials.get(Caller.PLATFORM_ADMIN), "application/merge-patch+json",
          "{\"clientAccess\":{\"requestsPerSecondPerClient\":10000}}").status()).isEqualTo(200);
    }
    // A's data: a catalogue, a user with a profile, an import job.
    try (KindredClient kindred = new KindredClient(KindredConfig.builder().ingestUrl(stack.url("ingest"))
        .recommendUrl(stack.url("recommend")).ingestKey(a.ingestKey()).serveKey(a.serveKey()).build())) {
      DemoCatalogue.load(kindred);
      Event bought = Event.purchase("mx", "camp-0");
      Event viewed = Event.view("mx", "camp-1");
      mxEventIds.add(bought.eventId());
      mxEventIds.add(viewed.eventId());
      kindred.track(bought);
      kindred.track(viewed);
      kindred.flush();
      DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(kindred, "mx"));
    }
    Http.Answer imported = Http.call("POST", stack.url("ingest") + "/v1/items:import", a.ingestKey(),
        "application/x-ndjson", "{\"id\":\"imp-1\",\"title\":\"Imported lantern\"}\n");
    assertThat(imported.status()).isEqualTo(202);
    jobId = Http.JSON.readTree(imported.body()).get("jobId").asText();
    Http.Answer erasure = Http.call("DELETE", stack.url("ingest") + "/v1/users/mx-nobody", a.ingestKey(), null, null);
    assertThat(erasure.status()).isEqualTo(202);
    erasureId = Http.JSON.readTree(erasure.body()).get("requestId").asText();
  }

  @Test
  void everyEndpointAnswersEveryCallerAsExpectedAndLeaksNothingOfTenantA() {
    List<String> wrong = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    for (Row row : rows()) {
      for (Map.Entry<Caller, Integer> cell : row.expected().entrySet()) {
        Caller who = cell.getKey();
        Map<String, String> headers = tokens.containsKey(who) ? Map.of("X-Kindred-User-Token", tokens.get(who)) : Map.of();
        Http.Answer answer = Http.call(row.method(), stack.url(row.service()) + row.path(), credentials.get(who),
            headers, "application/json", row.body());
        int want = cell.getValue();
        boolean ok = want == 2 ? answer.status() / 100 == 2 : answer.status() == want;
        if (!ok) {
          wrong.add(row.method() + " " + row.service() + row.path() + " as " + who + ": " + answer.status()
              + " (expected " + (want == 2 ? "2xx" : want) + ") " + abbreviate(answer.body()));
        }
        if (!isA(who) && who != Caller.PLATFORM_ADMIN) {
          // What the caller sent itself (ids in its path or body, echoed back) is no leak.
          String told = answer.body() == null ? "" : answer.body();
          for (String sent : (row.path() + " " + (row.body() == null ? "" : row.body())).split("[^A-Za-z0-9_-]+")) {
            if (sent.length() > 3) {
              told = told.replace(sent, "");
            }
          }
          for (String secret : List.of(a.id(), a.slug(), "camp-", "coffee-", "Ultralight", "imp-1", a.ingestKey(), a.serveKey())) {
            if (told.contains(secret)) {
              leaks.add(row.method() + " " + row.service() + row.path() + " as " + who + " contains '" + secret + "'");
            }
          }
        }
        if (NOT_MX.contains(who)) {
          for (String mine : mxEventIds) {
            if (answer.body() != null && answer.body().contains(mine)) {
              leaks.add(row.method() + " " + row.service() + row.path() + " as " + who + " shows mx's event " + mine);
            }
          }
        }
      }
    }
    assertThat(mxEventIds).hasSize(2);
    assertThat(wrong).as("cells with an unexpected status").isEmpty();
    assertThat(leaks).as("answers carrying tenant A's data to others").isEmpty();
    // B's writes went to B: A's catalogue still serves camp-5, which B's key tried to delete.
    assertThat(Http.call("GET", stack.url("recommend") + "/v1/items/camp-5/similar", a.serveKey(), null, null).status())
        .isEqualTo(200);
  }

  private static boolean isA(Caller c) {
    return c.name().startsWith("A_");
  }

  private List<Row> rows() {
    String tenant = "/v1/tenants/" + a.id();
    List<Row> rows = new ArrayList<>();
    // control: platform-admin everywhere; A's roles read A, only A's admin changes it; others see no A.
    // Keys of any kind are no tokens for control (401).
    rows.add(new Row("control", "POST", "/v1/tenants", "{\"name\":\"X\",\"slug\":\"authz-x-" + System.nanoTime()
        + "\",\"adminEmail\":\"x" + System.nanoTime() + "@e2e.kindred.local\"}", tokens(201, 403, 403, 403, 403, 403)));
    rows.add(new Row("control", "GET", "/v1/tenants", null, tokens(200, 200, 200, 200, 200, 200)));
    rows.add(new Row("control", "GET", tenant, null, tokens(200, 200, 200, 200, 404, 404)));
    rows.add(new Row("control", "GET", tenant + "/settings", null, tokens(200, 200, 200, 200, 404, 404)));
    rows.add(new Row("control", "PATCH", tenant + "/settings", "{\"diversityLambda\": 0.3}", tokens(200, 200, 403, 403, 404, 404)));
    rows.add(new Row("control", "GET", tenant + "/api-keys", null, tokens(200, 200, 200, 200, 404, 404)));
    rows.add(new Row("control", "POST", tenant + "/api-keys", "{\"scope\":\"serve\",\"label\":\"matrix\"}", tokens(201, 201, 403, 403, 404, 404)));
    rows.add(new Row("control", "POST", tenant + "/api-keys", "{\"scope\":\"publishable\",\"label\":\"matrix\"}", tokens(201, 201, 403, 403, 404, 404)));
    rows.add(new Row("control", "DELETE", tenant + "/api-keys/kd_srv_nosuchkey", null, tokens(404, 404, 403, 403, 404, 404)));
    rows.add(new Row("control", "GET", tenant + "/user-token-keys", null, tokens(200, 200, 200, 200, 404, 404)));
    rows.add(new Row("control", "POST", tenant + "/user-token-keys", "{\"label\":\"matrix\"}", tokens(201, 201, 403, 403, 404, 404)));
    rows.add(new Row("control", "DELETE", tenant + "/user-token-keys/kd_utk_nosuchkey", null, tokens(404, 404, 403, 403, 404, 404)));
    rows.add(new Row("control", "GET", "/v1/tenants/not-a-uuid", null, tokens(400, 400, 400, 400, 400, 400)));
    rows.add(new Row("control", "GET", tenant + "/audit", null, tokens(200, 200, 403, 200, 404, 404)));
    // privacy: requests are for the platform-admin, A's admin and A's privacy officer; the app follows
    // its own requests with its ingest key. Erasures here name users that do not exist.
    rows.add(new Row("control", "POST", tenant + "/privacy/erasures", "{\"userId\":\"mx-nobody\"}",
        tokens(202, 202, 403, 202, 404, 404)));
    rows.add(new Row("control", "GET", tenant + "/privacy/requests", null, tokens(200, 200, 403, 200, 404, 404)));
    rows.add(new Row("control", "GET", tenant + "/privacy/requests/" + erasureId, null, tokens(200, 200, 403, 200, 404, 404)));
    rows.add(new Row("control", "GET", "/v1/privacy/requests/" + erasureId, null, secretOnly(keys(200, 403, 404, 403))));
    // ingest: the ingest key of a tenant writes into that tenant; serve keys may not write; a page's
    // publishable key writes events only for an anonymous id or its token's user. The writes name user
    // mx-w, so that B never gets a user mx of its own (A's mx is read below); mx's token may not write them.
    rows.add(new Row("ingest", "PUT", "/v1/items", "[{\"id\":\"m-1\",\"title\":\"Matrix item\"}]",
        secretOnly(onboarding(keys(2, 403, 2, 403), 2))));
    rows.add(new Row("ingest", "POST", "/v1/events", "[{\"type\":\"view\",\"userId\":\"mx-w\",\"itemId\":\"m-1\"}]",
        othersUser(onboarding(keys(2, 403, 2, 403), 2))));
    rows.add(new Row("ingest", "POST", "/v1/feedback", "[{\"kind\":\"like\",\"userId\":\"mx-w\",\"itemId\":\"m-1\"}]",
        othersUser(onboarding(keys(2, 403, 2, 403), 2))));
    rows.add(new Row("ingest", "PUT", "/v1/users/mx-w/interests", "{\"text\":\"camping\"}", othersUser(keys(2, 403, 2, 403))));
    rows.add(new Row("ingest", "PUT", "/v1/users/mx-w/consent", "{\"personalization\":true,\"analytics\":true}",
        othersUser(keys(2, 403, 2, 403))));
    // mx's own page writes mx's events; a visitor's page writes the visitor's (in B too: B's own visitor).
    rows.add(new Row("ingest", "POST", "/v1/events", "[{\"type\":\"view\",\"userId\":\"mx\",\"itemId\":\"camp-3\"}]",
        ownUserWrite(2)));
    rows.add(new Row("ingest", "POST", "/v1/events", "[{\"type\":\"view\",\"userId\":\"" + VISITOR + "\",\"itemId\":\"camp-3\"}]",
        anyVisitor(onboarding(keys(2, 403, 2, 403), 2), 2, 2)));
    rows.add(new Row("ingest", "PUT", "/v1/users/" + VISITOR + "/consent", "{\"personalization\":true,\"analytics\":true}",
        anyVisitor(keys(2, 403, 2, 403), 2, 2)));
    rows.add(new Row("recommend", "GET", "/v1/users/" + VISITOR + "/recommendations", null,
        anyVisitor(tokens(keys(403, 200, 403, 200), 200, 200, 200, 200, 403, 400), 200, 200)));
    // After login mx's page merges the visitor into mx: only with mx's token (or a secret ingest key).
    rows.add(new Row("ingest", "POST", "/v1/users/mx/identify", "{\"anonymousId\":\"" + VISITOR + "\"}",
        ownUserWrite(200, keys(200, 403, 200, 403))));
    rows.add(new Row("ingest", "POST", "/v1/items:import", "{\"id\":\"m-2\",\"title\":\"Imported matrix item\"}",
        secretOnly(onboarding(keys(2, 403, 2, 403), 2))));
    rows.add(new Row("ingest", "GET", "/v1/jobs/" + jobId, null, secretOnly(onboarding(keys(200, 403, 404, 403), 404))));
    // The privacy centre: mx's export with mx's token; nobody else's page reads it.
    rows.add(new Row("ingest", "GET", "/v1/users/mx/export", null,
        ownUser(tokens(keys(200, 403, 200, 403), 200, 403, 200, 200, 403, 400), 200, 200)));
    rows.add(new Row("ingest", "DELETE", "/v1/users/mx-nobody", null,
        othersUser(tokens(keys(202, 403, 202, 403), 202, 403, 202, 202, 403, 400))));
    rows.add(new Row("ingest", "DELETE", "/v1/users/" + VISITOR_2, null,
        anyVisitor(tokens(keys(202, 403, 202, 403), 202, 403, 202, 202, 403, 400), 202, 202)));
    Map<Caller, Integer> deleteByB = new EnumMap<>(Caller.class);
    deleteByB.put(Caller.B_INGEST, 404);   // "no item 'camp-5' in this tenant's catalogue": B's, not A's
    deleteByB.put(Caller.B_SERVE, 403);
    deleteByB.put(Caller.NONE, 401);
    rows.add(new Row("ingest", "DELETE", "/v1/items/camp-5", null, secretOnly(deleteByB)));
    // recommend: serve keys read their own tenant; A's item and user do not exist for B.
    // The console's user tokens where allowed: tenant from the token's organization, platform-admin must
    // name one (400 without X-Kindred-Tenant), a role-less user 403; B's admin reaches B (its own world).
    // Pages: feed and profile for their own user, similar and trending for anyone.
    rows.add(new Row("recommend", "GET", "/v1/users/mx/recommendations", null,
        ownUser(tokens(keys(403, 200, 403, 200), 200, 200, 200, 200, 403, 400), 200, 200)));
    rows.add(new Row("recommend", "GET", "/v1/items/camp-0/similar", null,
        anyVisitor(tokens(keys(403, 200, 403, 404), 200, 200, 200, 404, 403, 400), 200, 404)));
    rows.add(new Row("recommend", "GET", "/v1/items/camp-0/similar?userId=mx", null,
        ownUser(tokens(keys(403, 200, 403, 404), 200, 200, 200, 404, 403, 400), 200, 404)));
    rows.add(new Row("recommend", "POST", "/v1/rerank", "{\"userId\":\"mx\",\"itemIds\":[\"camp-2\"]}",
        secretOnly(keys(403, 200, 403, 200))));
    rows.add(new Row("recommend", "GET", "/v1/trending", null,
        anyVisitor(tokens(keys(403, 200, 403, 200), 200, 200, 200, 200, 403, 400), 200, 200)));
    rows.add(new Row("recommend", "GET", "/v1/items?q=camp", null,
        secretOnly(tokens(keys(403, 200, 403, 200), 200, 200, 403, 200, 403, 400))));
    rows.add(new Row("recommend", "GET", "/v1/stats", null,
        secretOnly(tokens(keys(403, 200, 403, 200), 200, 200, 403, 200, 403, 400))));
    rows.add(new Row("recommend", "GET", "/v1/quality", null,
        secretOnly(tokens(keys(403, 200, 403, 200), 200, 200, 403, 200, 403, 400))));
    rows.add(new Row("recommend", "GET", "/v1/models", null,
        secretOnly(tokens(keys(403, 200, 403, 200), 200, 200, 403, 200, 403, 400))));
    // A hypothesis on A's item: B does not have it (400 naming the field), whoever asks there.
    rows.add(new Row("recommend", "POST", "/v1/users/mx/what-if", "{\"events\":[{\"type\":\"view\",\"itemId\":\"camp-2\"}]}",
        secretOnly(tokens(keys(403, 200, 403, 400), 200, 200, 200, 400, 403, 400))));
    rows.add(new Row("recommend", "GET", "/v1/users/mx/profile", null,
        ownUser(tokens(keys(403, 200, 403, 404), 200, 200, 200, 404, 403, 400), 200, 404)));
    rows.add(new Row("recommend", "PATCH", "/v1/users/mx/profile", "{\"interests\":[{\"id\":99,\"muted\":true}]}",
        ownUser(keys(403, 400, 403, 404), 400, 404)));   // "the profile has no interest 99" for A; B has no mx
    return rows;
  }

  /** A secret-key endpoint: every page is refused (403), whatever token it holds. */
  private static Map<Caller, Integer> secretOnly(Map<Caller, Integer> m) {
    Map<Caller, Integer> out = new EnumMap<>(m);
    for (Caller page : List.of(Caller.A_PUB, Caller.A_PUB_MX, Caller.A_PUB_OTHER, Caller.A_PUB_EXPIRED,
        Caller.A_PUB_FOREIGN, Caller.A_PUB_FORGED, Caller.B_PUB, Caller.B_PUB_MX)) {
      out.put(page, 403);
    }
    return out;
  }

  /** Invalid tokens are refused (401) wherever a page may call, before anything else happens. */
  private static Map<Caller, Integer> withBadTokens(Map<Caller, Integer> m) {
    m.put(Caller.A_PUB_EXPIRED, 401);
    m.put(Caller.A_PUB_FOREIGN, 401);
    m.put(Caller.A_PUB_FORGED, 401);
    return m;
  }

  /**
   * mx's own data: only mx's token reads or writes it ({@code mine}); no token 401, another user's 403;
   * in B, B's own mx ({@code bWorld}).
   */
  private static Map<Caller, Integer> ownUser(Map<Caller, Integer> m, int mine, int bWorld) {
    Map<Caller, Integer> out = withBadTokens(new EnumMap<>(m));
    out.put(Caller.A_PUB, 401);
    out.put(Caller.A_PUB_MX, mine);
    out.put(Caller.A_PUB_OTHER, 403);
    out.put(Caller.B_PUB, 401);
    out.put(Caller.B_PUB_MX, bWorld);
    return out;
  }

  /** A write for mx by pages (and A's secret ingest key): B's pages are left out so B gets no mx of its own. */
  private static Map<Caller, Integer> ownUserWrite(int mine) {
    Map<Caller, Integer> m = new EnumMap<>(Caller.class);
    m.put(Caller.NONE, 401);
    m.put(Caller.A_INGEST, 2);
    m.put(Caller.A_SERVE, 403);
    return ownUserWrite(mine, m);
  }

  private static Map<Caller, Integer> ownUserWrite(int mine, Map<Caller, Integer> keys) {
    Map<Caller, Integer> out = ownUser(keys, mine, 0);
    out.remove(Caller.B_PUB_MX);
    out.remove(Caller.B_INGEST);
    return out;
  }

  /** A user other than the token's (mx-w, mx-nobody): no page may act for them. */
  private static Map<Caller, Integer> othersUser(Map<Caller, Integer> m) {
    Map<Caller, Integer> out = withBadTokens(new EnumMap<>(m));
    out.put(Caller.A_PUB, 401);
    out.put(Caller.A_PUB_MX, 403);
    out.put(Caller.A_PUB_OTHER, 403);
    out.put(Caller.B_PUB, 401);
    return out;
  }

  /** Anonymous visitors' and public reads: any page of the tenant ({@code ok}), B's pages in B ({@code bWorld}). */
  private static Map<Caller, Integer> anyVisitor(Map<Caller, Integer> m, int ok, int bWorld) {
    Map<Caller, Integer> out = withBadTokens(new EnumMap<>(m));
    out.put(Caller.A_PUB, ok);
    out.put(Caller.A_PUB_MX, ok);
    out.put(Caller.A_PUB_OTHER, ok);
    out.put(Caller.B_PUB, bWorld);
    out.put(Caller.B_PUB_MX, bWorld);
    return out;
  }

  /** Control expectations: no token 401, then platform-admin, A's admin, analyst, privacy officer, B's admin, a user with no role. */
  private static Map<Caller, Integer> tokens(int platform, int aAdmin, int analyst, int privacy, int bAdmin, int noRole) {
    Map<Caller, Integer> m = new EnumMap<>(Caller.class);
    m.put(Caller.NONE, 401);
    m.put(Caller.GARBAGE, 401);
    m.put(Caller.PLATFORM_ADMIN, platform);
    m.put(Caller.A_ADMIN, aAdmin);
    m.put(Caller.A_ANALYST, analyst);
    m.put(Caller.A_PRIVACY_OFFICER, privacy);
    m.put(Caller.B_ADMIN, bAdmin);
    m.put(Caller.NO_ROLE, noRole);
    // An API key is no token for control, a publishable one neither.
    m.put(Caller.A_INGEST, 401);
    m.put(Caller.A_PUB, 401);
    return m;
  }

  /** Key expectations: none and garbage 401, a user token 401, then A's ingest, A's serve, B's ingest, B's serve. */
  private static Map<Caller, Integer> keys(int aIngest, int aServe, int bIngest, int bServe) {
    Map<Caller, Integer> m = new EnumMap<>(Caller.class);
    m.put(Caller.NONE, 401);
    m.put(Caller.GARBAGE, 401);
    m.put(Caller.A_ADMIN, 401);
    m.put(Caller.A_INGEST, aIngest);
    m.put(Caller.A_SERVE, aServe);
    m.put(Caller.B_INGEST, bIngest);
    m.put(Caller.B_SERVE, bServe);
    return m;
  }

  /** Adds the console's callers to a key row: A's admin, analyst, privacy officer, B's admin, a role-less user, platform-admin. */
  private static Map<Caller, Integer> tokens(Map<Caller, Integer> keys, int aAdmin, int analyst, int privacy, int bAdmin,
      int noRole, int platform) {
    Map<Caller, Integer> m = new EnumMap<>(keys);
    m.put(Caller.A_ADMIN, aAdmin);
    m.put(Caller.A_ANALYST, analyst);
    m.put(Caller.A_PRIVACY_OFFICER, privacy);
    m.put(Caller.B_ADMIN, bAdmin);
    m.put(Caller.NO_ROLE, noRole);
    m.put(Caller.PLATFORM_ADMIN, platform);
    return m;
  }

  /**
   * The catalogue, events and jobs also take a tenant-admin's token (the console's onboarding
   * wizard): A's admin writes A, B's admin {@code bAdmin} (its own tenant, or 404 for A's job),
   * the other roles 403, a platform-admin must name the tenant (400).
   */
  private static Map<Caller, Integer> onboarding(Map<Caller, Integer> keys, int bAdmin) {
    return tokens(keys, 2, 403, 403, bAdmin, 403, 400);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
