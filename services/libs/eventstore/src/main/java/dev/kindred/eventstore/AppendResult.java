package dev.kindred.eventstore;

import java.util.Map;
import java.util.UUID;

/**
 * What an append did: the sequence number of each newly stored event, by event id. Event ids that
 * are absent were duplicates (already stored for this tenant, or repeated within the batch).
 */
public record AppendResult(Map<UUID, Long> storedSeqByEventId, int duplicates) {

  public boolean stored(UUID eventId) {
    return storedSeqByEventId.containsKey(eventId);
  }

  /** Two appends' results as one (the events of one batch that went to two places). */
  public static AppendResult merge(AppendResult a, AppendResult b) {
    java.util.Map<UUID, Long> all = new java.util.HashMap<>(a.storedSeqByEventId);
    all.putAll(b.storedSeqByEventId);
    return new AppendResult(all, a.duplicates + b.duplicates);
  }

  public int storedCount() {
    return storedSeqByEventId.size();
  }
}
