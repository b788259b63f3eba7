package dev.kindred.recommend.feed.service;

import dev.kindred.interest.SupportingEvent;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recsys.sequence.NextItemModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sequence} source: what the tenant's promoted sequence model says this user does next,
 * from their latest items (oldest first, in the order of their latest engagement — the order the
 * model was trained on). Each candidate's similarity is its likelihood relative to the likeliest
 * one (exp of the logit difference: 1 for the best), which is the {@code sequence} feature.
 */
@ApplicationScoped
public class SequenceCandidates {

  /**
   * The model's next items for this user (twice {@code n}: the request's filter and the catalogue's
   * state are applied by the statement that reads them), each with its likelihood relative to the
   * best; empty without a model or history.
   */
  Map<String, Double> likelihood(NextItemModel model, UserContext.Loaded user, int n) {
    if (model == null || user.recent().isEmpty()) {
      return Map.of();
    }
    List<String> history = new ArrayList<>();
    for (FeedReader.Recent r : user.recent()) {
      history.add(0, r.itemId());
    }
    List<NextItemModel.Next> next = model.next(history, n * 2,
        id -> !user.consumed().contains(id) && !user.declined().contains(id));
    if (next.isEmpty()) {
      return Map.of();
    }
    double top = next.get(0).score();
    Map<String, Double> likelihood = new LinkedHashMap<>();
    next.forEach(x -> likelihood.put(x.itemId(), Math.exp(x.score() - top)));
    return likelihood;
  }

  /** The user's latest engagement: the step a sequence explanation cites. */
  static SupportingEvent latest(UserContext.Loaded user) {
    return user.recent().isEmpty() ? null : user.recent().get(0).asSupport();
  }
}
