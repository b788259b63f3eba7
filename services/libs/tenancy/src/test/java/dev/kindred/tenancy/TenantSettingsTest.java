package dev.kindred.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantSettingsTest {

  @Test
  void defaultsAreValidAndRoundTripThroughMaps() {
    TenantSettings d = TenantSettings.defaults();
    assertThat(d.validate()).isEmpty();
    assertThat(TenantSettings.fromMap(d.toMap())).isEqualTo(d);
    assertThat(d.eventWeights().get("view")).isLessThan(d.eventWeights().get("click"));
    assertThat(d.eventWeights().get("add_to_cart")).isLessThan(d.eventWeights().get("purchase"));
  }

  @Test
  void mergePatchChangesOnlyWhatItNames() {
    Map<String, Object> patch = new HashMap<>();
    patch.put("explorationBudget", 0.2);
    patch.put("eventWeights", Map.of("view", 0.5));
    patch.put("taxonomy", List.of(Map.of("name", "Running", "description", "trail and road running")));
    TenantSettings s = TenantSettings.fromMap(MergePatch.apply(TenantSettings.defaults().toMap(), patch));
    assertThat(s.explorationBudget()).isEqualTo(0.2);
    assertThat(s.eventWeights()).containsEntry("view", 0.5).containsEntry("purchase", 8.0);
    assertThat(s.taxonomy()).extracting(TenantSettings.TaxonomyEntry::name).containsExactly("Running");
    assertThat(s.diversityLambda()).isEqualTo(TenantSettings.defaults().diversityLambda());
  }

  @Test
  void invalidValuesNameTheirField() {
    Map<String, Object> patch = Map.of("explorationBudget", 0.9, "eventWeights", Map.of("teleport", 1.0),
        "quotas", Map.of("requestsPerSecond", 0), "consumedEvents", List.of("purchase", "search"),
        "suppressedCategories", List.of("Adult", " "));
    TenantSettings s = TenantSettings.fromMap(MergePatch.apply(TenantSettings.defaults().toMap(), patch));
    assertThat(s.validate()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("explorationBudget", "eventWeights.teleport", "quotas.requestsPerSecond",
            "consumedEvents[1]", "suppressedCategories[1]");
  }

  @Test
  void unknownKeysAndRemovedRequiredKeysAreRejected() {
    Map<String, Object> withUnknown = MergePatch.apply(TenantSettings.defaults().toMap(), Map.of("colour", "red"));
    assertThatThrownBy(() -> TenantSettings.fromMap(withUnknown)).hasMessageContaining("colour");
    Map<String, Object> removal = new HashMap<>();
    removal.put("maxInterests", null);
    Map<String, Object> without = MergePatch.apply(TenantSettings.defaults().toMap(), removal);
    assertThatThrownBy(() -> TenantSettings.fromMap(without)).hasMessageContaining("maxInterests");
  }

  @Test
  void rulesAndRankingWeightsRoundTripAndEachKindChecksItsFields() {
    List<Object> rules = List.of(
        Map.of("id", "sale", "kind", "boost", "filter", "category:Sale", "factor", 1.5),
        Map.of("id", "launch", "kind", "pin", "itemId", "sku-1", "position", 1),
        Map.of("id", "in-stock", "kind", "filter", "filter", "!stock:none"));
    TenantSettings s = TenantSettings.fromMap(MergePatch.apply(TenantSettings.defaults().toMap(),
        Map.of("rules", rules, "rankingWeights", Map.of("popularity", 0.5))));
    assertThat(s.validate()).isEmpty();
    assertThat(TenantSettings.fromMap(s.toMap())).isEqualTo(s);
    assertThat(s.rankingWeights()).isEqualTo(new TenantSettings.RankingWeights(1.0, 0.5, 1.0, 0.5, 1.0));
    // A document from before the sequence term reads with its default weight.
    Map<String, Object> old = new java.util.HashMap<>(s.toMap());
    old.put("rankingWeights", Map.of("interest", 2.0, "session", 0.5, "coVisit", 1.0, "popularity", 0.1));
    assertThat(TenantSettings.fromMap(old).rankingWeights()).isEqualTo(
        new TenantSettings.RankingWeights(2.0, 0.5, 1.0, 0.1, 1.0));
    assertThat(s.rules(MerchandisingRule.PIN)).containsExactly(MerchandisingRule.pin("launch", "sku-1", 1));
    // Request filter, filter rules and suppressed categories all hold together.
    assertThat(s.servingFilter(ItemFilter.parse("brand:Acme")).clauses()).extracting(ItemFilter.Clause::key)
        .containsExactly("brand", "stock");

    List<Object> bad = new java.util.ArrayList<>();
    bad.add(Map.of("id", "b", "kind", "boost", "filter", "category:Sale"));                 // no factor
    bad.add(Map.of("id", "b", "kind", "boost", "filter", "nocolon", "factor", 99));         // same id, bad filter, factor
    bad.add(Map.of("id", "p", "kind", "pin", "itemId", "x", "position", 0, "factor", 2));    // position, unused factor
    bad.add(Map.of("id", 7, "kind", "teleport"));                                           // id not text, kind
    bad.add(Map.of("id", "f", "kind", "filter", "filter", "category:A", "colour", "red"));  // unknown field
    bad.add(null);
    TenantSettings wrong = TenantSettings.fromMap(MergePatch.apply(TenantSettings.defaults().toMap(),
        Map.of("rules", bad, "rankingWeights", Map.of("session", -1))));
    assertThat(wrong.validate()).extracting(FieldError::field).containsExactlyInAnyOrder(
        "rules[0].factor", "rules[1].filter", "rules[1].factor", "rules[1].id", "rules[2].position",
        "rules[2].factor", "rules[3].id", "rules[3].kind", "rules[4].colour", "rules[5]", "rankingWeights.session");
  }

  @Test
  void clientAccessIsValidatedAndOldDocumentsGetItsDefault() {
    Map<String, Object> m = new HashMap<>(TenantSettings.defaults().toMap());
    m.remove("clientAccess");
    assertThat(TenantSettings.fromMap(m).clientAccess()).isEqualTo(TenantSettings.ClientAccess.defaults());
    m.put("clientAccess", Map.of("allowedOrigins", List.of("https://shop.example.com", "https://shop.example.com/x", "*"),
        "requestsPerSecondPerClient", 0));
    assertThat(TenantSettings.fromMap(m).validate()).extracting(FieldError::field).containsExactlyInAnyOrder(
        "clientAccess.requestsPerSecondPerClient", "clientAccess.allowedOrigins[1]", "clientAccess.allowedOrigins[2]");
  }
}
