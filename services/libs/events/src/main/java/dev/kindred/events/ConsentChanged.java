package dev.kindred.events;

/** An end-user's consent for personalization and analytics changed. */
public record ConsentChanged(boolean personalization, boolean analytics) implements KindredEvent {}
