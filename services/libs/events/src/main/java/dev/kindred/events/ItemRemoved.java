package dev.kindred.events;

/** A catalogue item was removed; history that cites it stays. */
public record ItemRemoved(String itemId) implements KindredEvent {}
