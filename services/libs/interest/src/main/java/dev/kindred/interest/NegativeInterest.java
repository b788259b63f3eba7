package dev.kindred.interest;

import java.time.Instant;

/** Something the user said no to (dislike, not_interested, hide_topic, a deleted interest). */
public record NegativeInterest(float[] vector, double weight, String reason, String itemId, String title,
    Instant at) {
}
