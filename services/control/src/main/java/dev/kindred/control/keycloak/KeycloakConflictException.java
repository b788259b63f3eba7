package dev.kindred.control.keycloak;

/** Keycloak already has an object of that name (organization alias, username or email). */
public class KeycloakConflictException extends RuntimeException {
  public KeycloakConflictException(String message) {
    super(message);
  }
}
