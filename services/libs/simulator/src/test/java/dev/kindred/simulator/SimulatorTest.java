package dev.kindred.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.simulator.catalogue.CatalogueGenerator;
import dev.kindred.simulator.catalogue.CatalogueGenerator.Item;
import dev.kindred.simulator.catalogue.Taxonomy;
import dev.kindred.simulator.users.SimulatedEvent;
import dev.kindred.simulator.users.SimulatedUser;
import dev.kindred.simulator.users.UserSimulator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  @Test
  void catalogueIsDeterministicCoversEveryCategoryAndMislabelsTheRequestedShare() {
    List<Item> a = new CatalogueGenerator(1, 0.2).generate(2400);
    List<Item> b = new CatalogueGenerator(1, 0.2).generate(2400);
    assertThat(a).isEqualTo(b);
    assertThat(a.stream().map(Item::trueCategory).distinct().count()).isEqualTo(Taxonomy.CATEGORIES.size());
    long mislabelled = a.stream()
        .filter(i -> !i.categories().equals(List.of(Taxonomy.CATEGORIES.get(i.trueCategory()).name()))).count();
    assertThat(mislabelled / 2400.0).isBetween(0.12, 0.22);
    assertThat(a.get(0).title()).isNotBlank();
    assertThat(a.stream().map(Item::title).distinct().count()).isGreaterThan(2000);
  }

  @Test
  void usersActMostlyWithinTheirHiddenInterests() {
    List<Item> items = new CatalogueGenerator(3, 0).generate(2400);
    UserSimulator sim = new UserSimulator(items, 5, 0.1);
    Map<String, Item> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    int inInterest = 0;
    int withItem = 0;
    for (SimulatedUser u : sim.users(50)) {
      assertThat(u.interests()).hasSizeBetween(2, 3);
      assertThat(u.weights().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      List<SimulatedEvent> events = sim.events(u, 50, Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(events).hasSize(50);
      assertThat(events).isSortedAccordingTo((x, y) -> x.occurredAt().compareTo(y.occurredAt()));
      for (SimulatedEvent e : events) {
        if (e.itemId() != null) {
          withItem++;
          if (u.interests().contains(byId.get(e.itemId()).trueCategory())) {
            inInterest++;
          }
        }
      }
    }
    assertThat((double) inInterest / withItem).isBetween(0.85, 0.97);
  }

  @Test
  void vocabularyOverlapBorrowsWordsFromOtherCategories() {
    assertThat(borrowedShare(new CatalogueGenerator(9, 0, 0).generate(1200))).isZero();
    assertThat(borrowedShare(new CatalogueGenerator(9, 0, 0.5).generate(1200))).isBetween(0.3, 0.6);
  }

  @Test
  void driftMovesUsersTowardsTheirWeakerInterestsOverTime() {
    List<Item> items = new CatalogueGenerator(3, 0).generate(2400);
    assertThat(lateShareOfStrongest(new UserSimulator(items, 5, 0, 0), items))
        .isGreaterThan(lateShareOfStrongest(new UserSimulator(items, 5, 0, 1), items) + 0.05);
  }

  /** Items whose closing feature sentence comes from another category's pool. */
  private static double borrowedShare(List<Item> items) {
    long borrowed = items.stream().filter(i -> {
      String designed = i.description().substring(i.description().lastIndexOf("Designed ") + 9).replace(".", "");
      return !Taxonomy.CATEGORIES.get(i.trueCategory()).features().contains(designed);
    }).count();
    return (double) borrowed / items.size();
  }

  /** In the last fifth of 100 events, the share that falls on the user's initially strongest interest. */
  private static double lateShareOfStrongest(UserSimulator sim, List<Item> items) {
    Map<String, Item> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    int hits = 0;
    int total = 0;
    for (SimulatedUser u : sim.users(300)) {
      int strongest = u.interests().get(u.weights().indexOf(java.util.Collections.max(u.weights())));
      List<SimulatedEvent> events = sim.events(u, 100, Instant.parse("2026-01-01T00:00:00Z"));
      for (SimulatedEvent e : events.subList(80, 100)) {
        if (e.itemId() != null) {
          total++;
          hits += byId.get(e.itemId()).trueCategory() == strongest ? 1 : 0;
        }
      }
    }
    return (double) hits / total;
  }
}
