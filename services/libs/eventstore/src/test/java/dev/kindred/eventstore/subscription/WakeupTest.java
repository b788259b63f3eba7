package dev.kindred.eventstore.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A subscription wakes for appends of a type it applies (V30's payload names the types); appends of
 * other types wait for its next poll; an empty payload (unknown types) and a reader of every type
 * always wake.
 */
class WakeupTest {

  private static final Set<String> INTERESTS = Set.of("ItemViewed", "ItemPurchased");

  @Test
  void anAppendOfATypeTheSubscriptionAppliesWakesIt() {
    assertThat(SubscriptionRunner.concerns("ItemViewed", INTERESTS)).isTrue();
    assertThat(SubscriptionRunner.concerns("ImpressionLogged,ItemPurchased", INTERESTS)).isTrue();
  }

  @Test
  void anAppendOfOtherTypesOnlyDoesNot() {
    assertThat(SubscriptionRunner.concerns("ImpressionLogged", INTERESTS)).isFalse();
    assertThat(SubscriptionRunner.concerns("ImpressionLogged,ItemUpserted", INTERESTS)).isFalse();
  }

  @Test
  void unknownTypesAndReadersOfEverythingAlwaysWake() {
    assertThat(SubscriptionRunner.concerns("", INTERESTS)).isTrue();
    assertThat(SubscriptionRunner.concerns(null, INTERESTS)).isTrue();
    assertThat(SubscriptionRunner.concerns("ImpressionLogged", null)).isTrue();
  }
}
