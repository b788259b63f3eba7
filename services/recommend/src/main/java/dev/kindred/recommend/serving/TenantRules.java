package dev.kindred.recommend.serving;

import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.tenancy.MerchandisingRule;
import dev.kindred.tenancy.TenantSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's boost and pin rules ({@link MerchandisingRule}) as serving applies them; filter
 * rules travel inside the request's {@link ItemFilter} ({@link TenantSettings#servingFilter}).
 * Each read costs a statement only when the tenant has rules of that kind.
 */
@ApplicationScoped
public class TenantRules {

  /** The boost rules as one SQL factor over the item alias {@code it}, its parameters added to the statement's. */
  public interface BoostSql {
    String expression(List<Object> params);
  }

  /** The tenant's boost rules as a factor {@link ItemQuery} computes per row (1 without rules). */
  public static BoostSql boostSql(TenantSettings settings) {
    List<MerchandisingRule> rules = settings.rules(MerchandisingRule.BOOST);
    return params -> {
      if (rules.isEmpty()) {
        return "1::float8";
      }
      List<String> factors = new ArrayList<>();
      for (MerchandisingRule r : rules) {
        String when = r.itemFilter().sql("it", params.size() + 1, params);
        params.add(r.factor());
        factors.add("CASE WHEN " + when + " THEN $" + params.size() + "::float8 ELSE 1 END");
      }
      return "(" + String.join(" * ", factors) + ")";
    };
  }

  /** The pin rules' items, for an {@link ItemQuery} by id. */
  public static List<String> pinnedIds(TenantSettings settings) {
    return settings.rules(MerchandisingRule.PIN).stream().map(MerchandisingRule::itemId).distinct().toList();
  }

  /** The pins that may be shown, from the live pinned items an {@link ItemQuery} found (by position, first rule winning). */
  public static List<Pinned> pinned(TenantSettings settings, List<ItemQuery.Item> live) {
    Map<String, String> titles = new HashMap<>();
    live.forEach(i -> titles.put(i.itemId(), i.title()));
    List<Pinned> out = new ArrayList<>();
    for (MerchandisingRule r : settings.rules(MerchandisingRule.PIN)) {
      if (titles.containsKey(r.itemId()) && out.stream().noneMatch(p -> p.itemId().equals(r.itemId()))) {
        out.add(new Pinned(r.itemId(), titles.get(r.itemId()), r.id(), r.position()));
      }
    }
    out.sort(java.util.Comparator.comparingInt(Pinned::position));
    return out;
  }

  /** An item a pin rule places, with the rule that placed it. */
  public record Pinned(String itemId, String title, String ruleId, int position) {
  }

  /** The boost factor of each of {@code itemIds} that matches a boost rule (absent: 1). */
  public Uni<Map<String, Double>> boosts(SqlConnection c, TenantSettings settings, Collection<String> itemIds) {
    List<MerchandisingRule> rules = settings.rules(MerchandisingRule.BOOST);
    if (rules.isEmpty() || itemIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Object> params = new ArrayList<>();
    params.add(itemIds.toArray(String[]::new));
    List<String> factors = new ArrayList<>();
    for (MerchandisingRule r : rules) {
      String when = r.itemFilter().sql("it", params.size() + 1, params);
      params.add(r.factor());
      factors.add("CASE WHEN " + when + " THEN $" + params.size() + "::float8 ELSE 1 END");
    }
    return c.preparedQuery("SELECT item_id, " + String.join(" * ", factors)
            + " AS boost FROM items it WHERE item_id = ANY ($1::text[])")
        .execute(Tuple.from(params))
        .map(rows -> {
          Map<String, Double> out = new HashMap<>();
          for (Row r : rows) {
            double b = r.getDouble("boost");
            if (b != 1.0) {
              out.put(r.getString("item_id"), b);
            }
          }
          return out;
        });
  }

  /** The same as a ranker's {@link FeedRanker.Boosts}. */
  public static FeedRanker.Boosts asBoosts(Map<String, Double> boosts) {
    return id -> boosts.getOrDefault(id, 1.0);
  }

  /**
   * The items the pin rules place that may be shown now: in the catalogue, available, passing
   * {@code filter} (request, filter rules, suppressed categories); by position, the first listed
   * rule winning a tie.
   */
  public Uni<List<Pinned>> pinned(SqlConnection c, TenantSettings settings, ItemFilter filter) {
    List<MerchandisingRule> rules = settings.rules(MerchandisingRule.PIN);
    if (rules.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Object> params = new ArrayList<>();
    params.add(rules.stream().map(MerchandisingRule::itemId).distinct().toArray(String[]::new));
    String where = filter.sql("it", 2, params);
    return c.preparedQuery("SELECT item_id, title FROM items it WHERE item_id = ANY ($1::text[])"
            + " AND NOT removed AND available AND " + where)
        .execute(Tuple.from(params))
        .map(rows -> {
          Map<String, String> titles = new HashMap<>();
          rows.forEach(r -> titles.put(r.getString("item_id"), r.getString("title")));
          List<Pinned> out = new ArrayList<>();
          for (MerchandisingRule r : rules) {
            if (titles.containsKey(r.itemId()) && out.stream().noneMatch(p -> p.itemId().equals(r.itemId()))) {
              out.add(new Pinned(r.itemId(), titles.get(r.itemId()), r.id(), r.position()));
            }
          }
          out.sort(java.util.Comparator.comparingInt(Pinned::position));
          return out;
        });
  }

  /**
   * {@code items} with each pinned item the user may see ({@code hidden}: consumed or excluded) at
   * its position — moved there if the list already had it, the rest shifting down — cut to {@code count}.
   */
  public static List<Served.Item> place(List<Served.Item> items, List<Pinned> pins, Set<String> hidden, int count) {
    List<Served.Item> out = new ArrayList<>(items);
    for (Pinned p : pins) {
      if (hidden.contains(p.itemId()) || p.position() > count) {
        continue;
      }
      out.removeIf(i -> i.itemId().equals(p.itemId()));
      out.add(Math.min(p.position() - 1, out.size()), new Served.Item(p.itemId(), p.title(), 0,
          Source.PROMOTED + "/" + p.ruleId(), new Explanation(Source.PROMOTED, List.of(), List.of(),
              "Featured by the site (rule '" + p.ruleId() + "').")));
    }
    return out.size() > count ? List.copyOf(out.subList(0, count)) : out;
  }
}
