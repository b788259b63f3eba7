package dev.kindred.recommend.feed.service;

import dev.kindred.interest.SupportingEvent;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recsys.Candidate;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recsys.Source;
import dev.kindred.recsys.sequence.NextItemModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
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

  private final FeedReader reader;

  public SequenceCandidates(FeedReader reader) {
    this.reader = reader;
  }

  Uni<List<Candidate>> propose(SqlConnection c, NextItemModel model, UserContext.Loaded user, int n, ItemFilter filter) {
    if (model == null || user.recent().isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<String> history = new ArrayList<>();
    for (FeedReader.Recent r : user.recent()) {
      history.add(0, r.itemId());
    }
    // Twice as many as needed: the request's filter and the catalogue's state are applied after.
    List<NextItemModel.Next> next = model.next(history, n * 2, id -> !user.consumed().contains(id));
    if (next.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    double top = next.get(0).score();
    Map<String, Double> likelihood = new LinkedHashMap<>();
    next.forEach(x -> likelihood.put(x.itemId(), Math.exp(x.score() - top)));
    return reader.proposed(c, likelihood, Source.of(Source.SEQUENCE), n, filter);
  }

  /** The user's latest engagement: the step a sequence explanation cites. */
  static SupportingEvent latest(UserContext.Loaded user) {
    return user.recent().isEmpty() ? null : user.recent().get(0).asSupport();
  }
}
