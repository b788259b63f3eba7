package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Twelve items (camping gear, coffee gear) through the SDK, and the wait until the worker has embedded them. */
final class DemoCatalogue {

  private static final String[] CAMPING = {"Ultralight backpacking tent for two", "Down sleeping bag rated to minus ten",
      "Titanium camping stove and pot set", "Inflatable sleeping pad for cold nights", "Waterproof hiking tarp",
      "Trekking poles with cork grips"};
  private static final String[] COFFEE = {"Single origin Ethiopian coffee beans", "Burr coffee grinder with 40 settings",
      "Pour-over coffee dripper in ceramic", "Gooseneck kettle for pour-over coffee", "Espresso tamper in steel",
      "Cold brew coffee maker jar"};

  private DemoCatalogue() {
  }

  static void load(KindredClient kindred) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(Map.of("id", "camp-" + i, "title", CAMPING[i], "categories", List.of("Camping"),
          "description", CAMPING[i] + " for outdoor trips in the mountains."));
      items.add(Map.of("id", "coffee-" + i, "title", COFFEE[i], "categories", List.of("Coffee"),
          "description", COFFEE[i] + " for brewing great coffee at home."));
    }
    assertThat(kindred.upsertItems(items).accepted()).isEqualTo(12);
    // The worker embeds the catalogue; an item is servable once it has a vector.
    eventually(Duration.ofSeconds(90), () -> {
      try {
        return kindred.similar("coffee-5", 1, null).items().size() == 1
            && kindred.similar("camp-5", 1, null).items().size() == 1;
      } catch (KindredException notYet) {
        return false;
      }
    });
  }

  /** Whether the user has a profile yet (404 until the worker built one). */
  static boolean hasProfile(KindredClient kindred, String userId) {
    try {
      return !kindred.profile(userId).interests().isEmpty();
    } catch (KindredException notYet) {
      assertThat(notYet.status()).isEqualTo(404);
      return false;
    }
  }

  static void eventually(Duration within, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + within);
      }
      Stack.sleep(200);
    }
  }
}
