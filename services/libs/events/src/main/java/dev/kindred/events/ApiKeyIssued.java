package dev.kindred.events;

/** An API key was issued; the secret itself is never part of any event. */
public record ApiKeyIssued(String keyId, String scope, String label) implements KindredEvent {}
