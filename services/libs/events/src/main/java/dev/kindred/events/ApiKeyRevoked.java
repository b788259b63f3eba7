package dev.kindred.events;

/**
 * A credential stopped authenticating: revoked by an admin ({@code reason} "revoked", at once) or at
 * the end of a rotation's overlap window ("expired").
 */
public record ApiKeyRevoked(String keyId, String reason) implements KindredEvent {

  public ApiKeyRevoked(String keyId) {
    this(keyId, "revoked");
  }
}
