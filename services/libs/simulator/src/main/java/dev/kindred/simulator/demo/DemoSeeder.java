package dev.kindred.simulator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.simulator.catalogue.CatalogueGenerator;
import dev.kindred.simulator.catalogue.Taxonomy;
import dev.kindred.simulator.catalogue.CatalogueGenerator.Item;
import dev.kindred.simulator.users.SimulatedEvent;
import dev.kindred.simulator.users.SimulatedUser;
import dev.kindred.simulator.users.UserSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.kindred.sdk.Event;
import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;

/**
 * Seeds the demo tenant through the public APIs, like a tenant would: onboard (platform-admin
 * token from Keycloak), import a generated catalogue as NDJSON, send simulated users' events.
 * Writes the keys and names to an env file that {@code bin/kindred env} prints.
 */
public final class DemoSeeder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, String> args;
  private final ControlClient control;

  private DemoSeeder(Map<String, String> args) {
    this.args = args;
    this.control = new ControlClient(args.get("keycloak"), args.get("control"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("items", "3000", "users", "300", "events", "40", "slug", "demo"));
    for (int i = 0; i + 1 < argv.length; i += 2) {
      a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new DemoSeeder(a).run();
  }

  /**
   * {@code --phase catalogue} creates the tenant, its taxonomy and catalogue and writes the env
   * file; {@code --phase events} reads the keys from it and sends the simulated behaviour (so that
   * {@code bin/kindred up} can let the catalogue be embedded in between, as a real tenant would);
   * {@code --phase client-keys} only adds the publishable key and user-token secret to an env file
   * written before they existed. Without a phase catalogue and events run.
   */
  private void run() throws Exception {
    String phase = args.getOrDefault("phase", "all");
    Path out = Path.of(args.get("out"));
    List<Item> items = new CatalogueGenerator(42, 0.1).generate(Integer.parseInt(args.get("items")));
    Map<String, String> env = new LinkedHashMap<>();
    if (phase.equals("all") || phase.equals("catalogue")) {
      env.putAll(catalogue(items));
    } else {
      for (String line : Files.readAllLines(out)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    if (!env.containsKey("KINDRED_DEMO_PUBLISHABLE_KEY")) {
      // State seeded before publishable keys existed: the demo page's key and the token secret, once.
      String token = control.token();
      env.put("KINDRED_DEMO_PUBLISHABLE_KEY", control.issueKey(token, env.get("KINDRED_DEMO_TENANT"), "publishable"));
      env.put("KINDRED_DEMO_USER_TOKEN_SECRET", control.issueTokenKey(token, env.get("KINDRED_DEMO_TENANT")));
    }
    UserSimulator sim = new UserSimulator(items, 7, 0.1);
    List<SimulatedUser> users = sim.users(Integer.parseInt(args.get("users")));
    env.put("KINDRED_DEMO_USER", users.get(0).id());
    env.put("KINDRED_DEMO_ITEM", items.get(0).id());
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Files.writeString(out, sb.toString());
    if (phase.equals("catalogue") || phase.equals("client-keys")) {
      System.out.printf("seeded tenant %s: %d items%n", env.get("KINDRED_DEMO_TENANT_SLUG"), items.size());
      return;
    }
    int sent = sendEvents(env.get("KINDRED_DEMO_INGEST_KEY"), sim, users, Integer.parseInt(args.get("events")));
    System.out.printf("seeded tenant %s: %d users, %d events%n", env.get("KINDRED_DEMO_TENANT_SLUG"), users.size(), sent);
  }

  private Map<String, String> catalogue(List<Item> items) throws Exception {
    String token = control.token();
    String slug = args.get("slug");
    String adminPassword = "demo-admin-pw";
    ControlClient.Keys keys = control.onboard(token, "Demo Outfitters", slug, adminPassword);
    String tenantId = keys.tenantId();
    String ingestKey = keys.ingestKey();
    String serveKey = keys.serveKey();
    // The shop's categories become the tenant's interest taxonomy: interests are labelled with them.
    List<Map<String, String>> taxonomy = Taxonomy.CATEGORIES.stream()
        .map(c -> Map.of("name", c.name(), "description", c.description())).toList();
    control.call("PATCH", args.get("control") + "/v1/tenants/" + tenantId + "/settings", token, "application/merge-patch+json",
        JSON.writeValueAsString(Map.of("taxonomy", taxonomy)), 200);
    importCatalogue(ingestKey, items);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KINDRED_DEMO_TENANT", tenantId);
    env.put("KINDRED_DEMO_TENANT_SLUG", slug);
    env.put("KINDRED_DEMO_INGEST_KEY", ingestKey);
    env.put("KINDRED_DEMO_SERVE_KEY", serveKey);
    env.put("KINDRED_DEMO_PUBLISHABLE_KEY", keys.publishableKey());
    env.put("KINDRED_DEMO_USER_TOKEN_SECRET", keys.userTokenSecret());
    env.put("KINDRED_DEMO_ADMIN_USER", slug + "-admin");
    env.put("KINDRED_DEMO_ADMIN_PASSWORD", adminPassword);
    return env;
  }

  private void importCatalogue(String key, List<Item> items) throws Exception {
    StringBuilder nd = new StringBuilder();
    for (Item i : items) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", i.id());
      m.put("title", i.title());
      m.put("description", i.description());
      m.put("categories", i.categories());
      m.put("attributes", Map.of("price", i.price()));
      nd.append(JSON.writeValueAsString(m)).append('\n');
    }
    JsonNode job = call("POST", args.get("ingest") + "/v1/items:import", key, "application/x-ndjson", nd.toString(), 202);
    String url = args.get("ingest") + job.get("statusUrl").asText();
    for (int i = 0; i < 600; i++) {
      JsonNode j = call("GET", url, key, null, null, 200);
      System.out.printf("\r  catalogue import: %d/%d", j.get("processed").asLong(), items.size());
      if (!"RUNNING".equals(j.get("status").asText())) {
        System.out.println();
        if (!"COMPLETED".equals(j.get("status").asText())) {
          throw new IllegalStateException("catalogue import failed: " + j);
        }
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("catalogue import did not finish");
  }

  /**
   * The simulated behaviour through the Java SDK, as a tenant's app would send it (the platform
   * eats its own food): batched, retried, idempotent by event id — ids derive from user and time,
   * so seeding twice stores nothing twice.
   */
  private int sendEvents(String key, UserSimulator sim, List<SimulatedUser> users, int perUser) {
    Instant end = Instant.now().minusSeconds(60);
    KindredConfig config = KindredConfig.builder().ingestUrl(args.get("ingest")).ingestKey(key).batchSize(500)
        .overflow(KindredConfig.Overflow.BLOCK).build();
    try (KindredClient kindred = new KindredClient(config)) {
      for (SimulatedUser u : users) {
        for (SimulatedEvent e : sim.events(u, perUser, end)) {
          kindred.track(sdkEvent(e).withEventId(UUID.nameUUIDFromBytes((u.id() + e.occurredAt()).getBytes()))
              .session(e.sessionId()).at(e.occurredAt()));
        }
      }
      kindred.flush(java.time.Duration.ofMinutes(5));
      KindredClient.Stats s = kindred.stats();
      if (s.rejected() + s.failed() + s.dropped() > 0) {
        throw new IllegalStateException("demo events not stored: " + s);
      }
      return (int) (s.accepted() + s.duplicates());
    }
  }

  static Event sdkEvent(SimulatedEvent e) {
    return switch (e.type()) {
      case "view" -> Event.view(e.userId(), e.itemId());
      case "click" -> Event.click(e.userId(), e.itemId());
      case "add_to_cart" -> Event.addToCart(e.userId(), e.itemId());
      case "purchase" -> Event.purchase(e.userId(), e.itemId());
      case "rating" -> Event.rating(e.userId(), e.itemId(), e.rating());
      case "search" -> Event.search(e.userId(), e.query());
      default -> throw new IllegalArgumentException("the simulator made an event of unknown type " + e.type());
    };
  }

  private JsonNode call(String method, String url, String bearer, String contentType, String body, int... ok)
      throws Exception {
    return control.call(method, url, bearer, contentType, body, ok);
  }
}
