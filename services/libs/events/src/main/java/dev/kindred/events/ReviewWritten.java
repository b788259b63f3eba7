package dev.kindred.events;

import java.util.Map;

/** An end-user wrote a review of an item; the text is embedded when projected. */
public record ReviewWritten(String itemId, String sessionId, Double rating, String text,
    Map<String, String> context) implements KindredEvent {}
