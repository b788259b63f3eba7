package dev.kindred.events;

/** An API key was revoked and stops authenticating at once. */
public record ApiKeyRevoked(String keyId) implements KindredEvent {}
