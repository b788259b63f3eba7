package dev.kindred.events;

import java.util.List;

/**
 * Serving showed these items for a recommendation request; clicks attribute back by its id. For a
 * personal list it also records each item's feature row (the columns {@code featureNames}) and the
 * ranker that ordered them, so a learned ranker trains on exactly what serving saw. Older events
 * carry no features (null). {@code servedMs}: the server's time from the request's arrival to this
 * list (the dashboard's latency percentiles); null in events logged before it was recorded.
 */
public record ImpressionLogged(String recommendationId, String scenario, List<String> itemIds,
    List<String> sources, List<String> featureNames, List<List<Float>> features, String ranker, Double servedMs)
    implements KindredEvent {

  public ImpressionLogged(String recommendationId, String scenario, List<String> itemIds, List<String> sources) {
    this(recommendationId, scenario, itemIds, sources, null, null, null, null);
  }

  public ImpressionLogged(String recommendationId, String scenario, List<String> itemIds, List<String> sources,
      List<String> featureNames, List<List<Float>> features, String ranker) {
    this(recommendationId, scenario, itemIds, sources, featureNames, features, ranker, null);
  }
}
