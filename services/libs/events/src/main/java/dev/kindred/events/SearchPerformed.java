package dev.kindred.events;

import java.util.Map;

/** An end-user searched; the query text is embedded when projected. */
public record SearchPerformed(String query, String sessionId, Map<String, String> context)
    implements KindredEvent {}
