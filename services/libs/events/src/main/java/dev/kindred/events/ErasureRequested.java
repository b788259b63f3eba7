package dev.kindred.events;

/**
 * Someone asked to erase an end-user (right to be forgotten). Stored in the tenant's
 * {@code _privacy} stream with the request id only: whom it concerns is in the request row,
 * which the erasure clears, so nothing durable ties the request to the user.
 */
public record ErasureRequested(String requestId) implements KindredEvent {}
