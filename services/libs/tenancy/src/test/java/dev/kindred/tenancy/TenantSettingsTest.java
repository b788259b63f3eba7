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
}
