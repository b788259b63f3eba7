package dev.kindred.recsys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges candidates from several sources: one entry per item, every proposing source kept. */
public final class CandidatePool {

  private final Map<String, Candidate> byItem = new LinkedHashMap<>();

  public void add(Candidate c) {
    byItem.merge(c.itemId(), c, (a, b) -> {
      List<Candidate.Hit> hits = new ArrayList<>(a.hits());
      hits.addAll(b.hits());
      return new Candidate(a.itemId(), a.title(), a.categories(), a.vector(), hits, Math.max(a.score(), b.score()),
          a.addedAt() != null ? a.addedAt() : b.addedAt());
    });
  }

  public void addAll(Collection<Candidate> cs) {
    cs.forEach(this::add);
  }

  public List<Candidate> candidates() {
    return new ArrayList<>(byItem.values());
  }

  public int size() {
    return byItem.size();
  }
}
