package dev.kindred.eventstore.serving;

import dev.kindred.events.AddedToCart;
import dev.kindred.events.ConsentChanged;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;

/**
 * What one end-user event tells the serving read model (V23 {@code user_items}, {@code user_serving}):
 * an engagement with its item ({@code kindBit}: 1 viewed, 2 clicked, 4 added to cart, 8 bought), a
 * verdict on an item ({@code declined}: true for dislike and not_interested, false for like), or the
 * user's consent. Read from the event before it is sealed, so the projection needs no key.
 */
public record ServingFact(int kindBit, Boolean declined, Boolean personalization, Boolean analytics) {

  public static final int VIEWED = 1;
  public static final int CLICKED = 2;
  public static final int CARTED = 4;
  public static final int BOUGHT = 8;
  public static final ServingFact NONE = new ServingFact(0, null, null, null);

  public static ServingFact of(KindredEvent e) {
    return switch (e) {
      case ItemViewed v -> new ServingFact(VIEWED, null, null, null);
      case ItemClicked c -> new ServingFact(CLICKED, null, null, null);
      case AddedToCart a -> new ServingFact(CARTED, null, null, null);
      case ItemPurchased p -> new ServingFact(BOUGHT, null, null, null);
      case FeedbackGiven f when f.itemId() != null && ("dislike".equals(f.kind()) || "not_interested".equals(f.kind())) ->
          new ServingFact(0, true, null, null);
      case FeedbackGiven f when f.itemId() != null && "like".equals(f.kind()) -> new ServingFact(0, false, null, null);
      case ConsentChanged c -> new ServingFact(0, null, c.personalization(), c.analytics());
      default -> NONE;
    };
  }

  /** Whether the read model learns anything from this event. */
  public boolean any() {
    return kindBit != 0 || declined != null || personalization != null;
  }

  /** The bit of a stored engagement type ({@code ItemViewed} …), 0 for any other type. */
  public static int bitOf(String storedType) {
    return switch (storedType) {
      case "ItemViewed" -> VIEWED;
      case "ItemClicked" -> CLICKED;
      case "AddedToCart" -> CARTED;
      case "ItemPurchased" -> BOUGHT;
      default -> 0;
    };
  }
}
