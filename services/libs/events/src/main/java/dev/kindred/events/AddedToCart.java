package dev.kindred.events;

import java.util.Map;

/** An end-user put an item in the cart. */
public record AddedToCart(String itemId, String sessionId, Integer quantity, String recommendationId,
    Map<String, String> context) implements KindredEvent {}
