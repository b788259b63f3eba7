package dev.kindred.events;

/**
 * An end-user corrected what Kindred understood (through the tenant's app): {@code action} is
 * {@code mute}, {@code unmute} or {@code delete} of the interest {@code interestId}.
 */
public record InterestCorrected(int interestId, String action) implements KindredEvent {

  public static final java.util.Set<String> ACTIONS = java.util.Set.of("mute", "unmute", "delete");
}
