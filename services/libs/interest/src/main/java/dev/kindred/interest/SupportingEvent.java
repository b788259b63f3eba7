package dev.kindred.interest;

import java.time.Instant;

/** An event that shaped a cluster, kept so the profile can say why it believes in it. */
public record SupportingEvent(long seq, String type, String itemId, String title, Instant at) {
}
