package dev.kindred.events;

import java.util.List;

/** Serving showed these items for a recommendation request; clicks attribute back by its id. */
public record ImpressionLogged(String recommendationId, String scenario, List<String> itemIds,
    List<String> sources) implements KindredEvent {}
