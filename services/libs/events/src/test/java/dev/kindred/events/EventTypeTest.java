package dev.kindred.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void everyPermittedRecordIsRegisteredOnceWithAPastTenseName() {
    Class<?>[] permitted = KindredEvent.class.getPermittedSubclasses();
    assertThat(EventType.values()).hasSize(permitted.length);
    for (Class<?> c : permitted) {
      EventType t = EventType.of(c);
      assertThat(t.storedName()).isEqualTo(c.getSimpleName());
      assertThat(t.storedName()).matches(".*[a-z](ed|en)(To[A-Z][a-z]+)?$");
      assertThat(EventType.fromStoredName(t.storedName())).isSameAs(t);
    }
  }

  @Test
  void wireNamesMapToBehaviourEvents() {
    assertThat(EventType.fromWireName("view")).isEqualTo(EventType.ITEM_VIEWED);
    assertThat(EventType.fromWireName("purchase")).isEqualTo(EventType.ITEM_PURCHASED);
    assertThat(EventType.fromWireName("teleport")).isNull();
    assertThat(EventType.fromWireName(null)).isNull();
    assertThat(EventType.wireNames()).contains("add_to_cart", "search", "feedback");
  }

  @Test
  void codecRoundTripsEveryShapeAndToleratesNewFields() {
    List<KindredEvent> samples = List.of(
        new ItemViewed("i1", "s1", 1200L, null, Map.of("device", "mobile")),
        new ItemPurchased("i2", null, 2, 19.5, "r1", null),
        new SearchPerformed("trail shoes", "s1", null),
        new FeedbackGiven("hide_topic", null, "horror", null),
        new ItemUpserted("i3", "Tent", "Two-person", List.of("camping"), List.of(), Map.of("w", 1.2), true, null),
        new ConsentChanged(false, true));
    for (KindredEvent e : samples) {
      String json = EventCodec.encode(e);
      assertThat(EventCodec.decode(e.type().storedName(), json)).isEqualTo(e);
    }
    KindredEvent old = EventCodec.decode("ItemRemoved", "{\"itemId\":\"x\",\"addedLater\":1}");
    assertThat(old).isEqualTo(new ItemRemoved("x"));
  }

  @Test
  void unknownStoredTypeIsAClearError() {
    assertThatThrownBy(() -> EventCodec.decode("Nope", "{}")).hasMessageContaining("unknown stored event type");
    assertThatThrownBy(() -> EventCodec.decode("ItemRated", "{not json")).hasMessageContaining("corrupt payload");
  }
}
