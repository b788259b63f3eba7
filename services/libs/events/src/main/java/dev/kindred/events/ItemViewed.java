package dev.kindred.events;

import java.util.Map;

/** An end-user looked at an item; dwell time (ms) scales its weight when known. */
public record ItemViewed(String itemId, String sessionId, Long dwellMs, String recommendationId,
    Map<String, String> context) implements KindredEvent {}
