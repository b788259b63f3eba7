package dev.kindred.events;

import java.util.Map;

/** An end-user rated an item on the tenant's scale (validated to 0..10). */
public record ItemRated(String itemId, String sessionId, double rating, Map<String, String> context)
    implements KindredEvent {}
