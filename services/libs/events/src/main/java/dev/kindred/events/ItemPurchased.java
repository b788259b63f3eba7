package dev.kindred.events;

import java.util.Map;

/** An end-user bought an item. */
public record ItemPurchased(String itemId, String sessionId, Integer quantity, Double price,
    String recommendationId, Map<String, String> context) implements KindredEvent {}
