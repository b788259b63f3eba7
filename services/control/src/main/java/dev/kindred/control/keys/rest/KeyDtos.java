package dev.kindred.control.keys.rest;

import java.time.Instant;

/** Request and response bodies of the key endpoints. */
public final class KeyDtos {
  private KeyDtos() {}

  /**
   * {@code scope}: ingest, serve (secret keys) or publishable; {@code replaces}: the key this one
   * rotates out, valid until {@code oldKeyValidUntil} (ISO-8601; default 24 h from now; now: at once).
   */
  public record IssueKeyRequest(String scope, String label, String replaces, String oldKeyValidUntil) {}

  /** The new key, shown only now, and the key it replaces with when that stops working. */
  public record IssuedKey(String keyId, String scope, String key, String replaces, Instant oldKeyValidUntil) {}

  /** A user-token signing key: {@code replaces} keeps signing until {@code oldKeyValidUntil}. */
  public record IssueTokenKeyRequest(String label, String replaces, String oldKeyValidUntil) {}
}
