package dev.kindred.eventstore.subscription;

import dev.kindred.events.EventEnvelope;

/** An event as a subscription receives it, with its position for per-projection idempotency. */
public record Delivered(EventEnvelope envelope, Position position) {
}
