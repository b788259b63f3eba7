package dev.kindred.events;

import java.util.List;

/** An end-user said in words what they are into; seeds a profile before any behaviour. */
public record InterestsStated(String text, List<String> interests) implements KindredEvent {}
