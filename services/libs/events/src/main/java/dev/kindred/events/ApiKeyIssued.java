package dev.kindred.events;

import java.time.Instant;

/**
 * A credential was issued: an API key (scope ingest, serve or publishable) or a user-token signing key
 * (scope {@code user-token}); the secret itself is never part of any event. A rotation names the key
 * it {@code replaces}, which stays valid until {@code replacedValidUntil}.
 */
public record ApiKeyIssued(String keyId, String scope, String label, String replaces, Instant replacedValidUntil)
    implements KindredEvent {

  public ApiKeyIssued(String keyId, String scope, String label) {
    this(keyId, scope, label, null, null);
  }
}
