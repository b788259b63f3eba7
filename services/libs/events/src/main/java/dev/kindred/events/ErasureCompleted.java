package dev.kindred.events;

import java.util.Map;

/**
 * An erasure finished: the user's data key is destroyed and every projection row about them is
 * gone. {@code removed}: rows removed or redacted per table; nothing in it identifies the user.
 */
public record ErasureCompleted(String requestId, long elapsedMs, Map<String, Long> removed) implements KindredEvent {}
