package dev.kindred.simulator.users;

import java.time.Instant;

/** One behaviour event in the wire format's terms: type, user, item or query, time, session. */
public record SimulatedEvent(String type, String userId, String itemId, String query, Double rating,
    String sessionId, Instant occurredAt) {}
