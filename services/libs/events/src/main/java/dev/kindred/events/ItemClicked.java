package dev.kindred.events;

import java.util.Map;

/** An end-user clicked an item (for example a recommendation slot). */
public record ItemClicked(String itemId, String sessionId, String recommendationId,
    Map<String, String> context) implements KindredEvent {}
