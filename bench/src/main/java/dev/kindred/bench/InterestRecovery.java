package dev.kindred.bench;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.EmbeddingModels;
import dev.kindred.inference.InferenceConfig;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.Grounding;
import dev.kindred.interest.InterestLabeler;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestSummary;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.Signal;
import dev.kindred.interest.SignalWeights;
import dev.kindred.interest.StatedInterests;
import dev.kindred.interest.TaxonomyEntry;
import dev.kindred.interest.TermStats;
import dev.kindred.simulator.catalogue.CatalogueGenerator;
import dev.kindred.simulator.catalogue.Taxonomy;
import dev.kindred.simulator.users.SimulatedEvent;
import dev.kindred.simulator.users.SimulatedUser;
import dev.kindred.simulator.users.UserSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Interest recovery on simulated users, with the code the worker runs (libs/interest + the
 * embedding model): Kindred sees item titles and descriptions and behaviour, never the items'
 * categories; the top labels of each profile are scored against the users' hidden interests.
 * Printed next to it: the ceiling (the true categories of the user's own items, counted the same
 * way) and the floor (everyone labelled with the most popular categories).
 */
public final class InterestRecovery {

  static final double MIN_SHARE = Double.parseDouble(System.getProperty("share", "0.15"));
  static final int TOP = 3;

  record Score(double precision, double recall, double f1) {
    static Score of(long tp, long predicted, long truth) {
      double p = predicted == 0 ? 0 : (double) tp / predicted;
      double r = truth == 0 ? 0 : (double) tp / truth;
      return new Score(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    @Override
    public String toString() {
      return String.format("P %.3f R %.3f F1 %.3f", precision, recall, f1);
    }
  }

  private final EmbeddingModel model;
  private final InterestSettings settings = tuned(InterestSettings.defaults());

  /** -Dassign=… -Dmerge=… override the defaults, for tuning runs. */
  private static InterestSettings tuned(InterestSettings d) {
    return new InterestSettings(d.eventWeights(), d.halfLifeDays(), d.maxInterests(),
        Double.parseDouble(System.getProperty("assign", String.valueOf(d.assignThreshold()))),
        Double.parseDouble(System.getProperty("merge", String.valueOf(d.mergeThreshold()))),
        d.sessionHalfLifeMinutes(), d.supportCap(), d.negativeCap(), d.statedWeight());
  }
  private final List<CatalogueGenerator.Item> items;
  private final Map<String, float[]> itemVectors = new java.util.LinkedHashMap<>();
  private final Map<String, CatalogueGenerator.Item> byId = new HashMap<>();
  private final InterestLabeler labeler;
  private final UserSimulator simulator;

  private InterestRecovery(InterestRecovery o) {
    model = o.model;
    items = o.items;
    itemVectors.putAll(o.itemVectors);
    byId.putAll(o.byId);
    labeler = o.labeler;
    simulator = o.simulator;
  }

  InterestRecovery retuned() {
    return new InterestRecovery(this);
  }

  InterestRecovery(int catalogueSize, double noise, double wrongCategories, double overlap, double drift) {
    model = EmbeddingModels.open(InferenceConfig.from(k -> Optional.empty()));
    items = new CatalogueGenerator(11, wrongCategories, overlap).generate(catalogueSize);
    List<String> texts = new ArrayList<>();
    for (CatalogueGenerator.Item i : items) {
      // The worker's item text minus categories: the benchmark withholds them.
      texts.add(i.title() + ". " + i.description());
      byId.put(i.id(), i);
    }
    float[][] v = model.embed(texts);
    for (int k = 0; k < items.size(); k++) {
      itemVectors.put(items.get(k).id(), v[k]);
    }
    List<TaxonomyEntry> taxonomy = new ArrayList<>();
    for (Taxonomy.Category c : Taxonomy.CATEGORIES) {
      float[] t = model.embed(TaxonomyEntry.textOf(c.name(), c.description()));
      taxonomy.add(new TaxonomyEntry(c.name(), c.description(),
          Grounding.expand(t, nearest(t, Grounding.TAXONOMY_NEIGHBOURS), Grounding.ALPHA)));
    }
    labeler = InterestLabeler.withDefaults(taxonomy, TermStats.of(items.stream().map(CatalogueGenerator.Item::title).toList()));
    simulator = new UserSimulator(items, 23, noise, drift);
  }

  /** Brute-force k nearest item vectors (the worker asks pgvector's HNSW index instead). */
  private List<float[]> nearest(float[] q, int k) {
    List<float[]> all = new ArrayList<>(itemVectors.values());
    double[] sims = new double[all.size()];
    Integer[] order = new Integer[all.size()];
    for (int i = 0; i < sims.length; i++) {
      sims[i] = Vectors.cosine(all.get(i), q);
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
    List<float[]> out = new ArrayList<>(k);
    for (int i = 0; i < Math.min(k, order.length); i++) {
      out.add(all.get(order[i]));
    }
    return out;
  }

  private final Map<String, float[]> groundedTexts = new HashMap<>();

  private float[] grounded(String text) {
    return groundedTexts.computeIfAbsent(text, t -> {
      float[] v = model.embed(t);
      return Boolean.getBoolean("noground") ? v : Grounding.expand(v, nearest(v, Grounding.TEXT_NEIGHBOURS), Grounding.ALPHA);
    });
  }

  /** Builds each user's profile from its first {@code events} events (0: from stated text) and scores it. */
  Score[] run(int users, int events) {
    List<SimulatedUser> us = simulator.users(users);
    Instant end = Instant.parse("2026-11-01T00:00:00Z");
    long tp = 0, predicted = 0, truth = 0, ctp = 0, cpredicted = 0;
    Map<Integer, Integer> popularity = new HashMap<>();
    List<List<SimulatedEvent>> streams = new ArrayList<>();
    for (SimulatedUser u : us) {
      List<SimulatedEvent> stream = events == 0 ? List.of() : simulator.events(u, events, end);
      streams.add(stream);
      stream.stream().filter(e -> e.itemId() != null).forEach(e -> popularity.merge(byId.get(e.itemId()).trueCategory(), 1, Integer::sum));
    }
    for (int n = 0; n < us.size(); n++) {
      SimulatedUser u = us.get(n);
      Set<String> hidden = new HashSet<>();
      u.interests().forEach(c -> hidden.add(Taxonomy.CATEGORIES.get(c).name()));
      InterestProfile p = profile(u, streams.get(n), end);
      labeler.labelAll(p);
      Set<String> guessed = new HashSet<>();
      InterestSummary.topLabels(p, MIN_SHARE, TOP).forEach(l -> guessed.add(l.label()));
      tp += guessed.stream().filter(hidden::contains).count();
      predicted += guessed.size();
      truth += hidden.size();
      Set<String> ceiling = ceiling(streams.get(n));
      ctp += ceiling.stream().filter(hidden::contains).count();
      cpredicted += ceiling.size();
    }
    List<Integer> popular = popularity.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
        .limit(TOP).map(Map.Entry::getKey).toList();
    long ftp = 0;
    for (SimulatedUser u : us) {
      ftp += u.interests().stream().filter(popular::contains).count();
    }
    return new Score[] {Score.of(tp, predicted, truth), events == 0 ? null : Score.of(ctp, cpredicted, truth),
        events == 0 ? null : Score.of(ftp, (long) TOP * us.size(), truth)};
  }

  private InterestProfile profile(SimulatedUser u, List<SimulatedEvent> stream, Instant end) {
    InterestUpdater updater = new InterestUpdater(settings);
    InterestProfile p = new InterestProfile(u.id());
    long seq = 0;
    if (stream.isEmpty()) {
      for (String phrase : StatedInterests.phrases(simulator.statedText(u))) {
        updater.apply(p, new Signal(grounded(phrase), settings.statedWeight(), end, ++seq, "stated", null, phrase, Map.of()));
      }
      return p;
    }
    for (SimulatedEvent e : stream) {
      seq++;
      if (e.query() != null) {
        updater.apply(p, new Signal(grounded(e.query()), SignalWeights.of(settings, "search"), e.occurredAt(), seq,
            "search", null, e.query(), Map.of()));
        continue;
      }
      double w = switch (e.type()) {
        case "view" -> SignalWeights.view(settings, null);
        case "rating" -> SignalWeights.rating(settings, e.rating(), 5);
        default -> SignalWeights.of(settings, e.type());
      };
      updater.apply(p, new Signal(itemVectors.get(e.itemId()), w, e.occurredAt(), seq, e.type(), e.itemId(),
          byId.get(e.itemId()).title(), Map.of()));
    }
    return p;
  }

  /** The true categories of the user's items, weighted like Kindred weights events, same cut-off. */
  private Set<String> ceiling(List<SimulatedEvent> stream) {
    Map<String, Double> weight = new HashMap<>();
    double total = 0;
    for (SimulatedEvent e : stream) {
      if (e.itemId() == null) {
        continue;
      }
      double w = "rating".equals(e.type()) ? Math.max(0, SignalWeights.rating(settings, e.rating(), 5))
          : SignalWeights.of(settings, e.type());
      weight.merge(Taxonomy.CATEGORIES.get(byId.get(e.itemId()).trueCategory()).name(), w, Double::sum);
      total += w;
    }
    final double sum = total;
    return new HashSet<>(weight.entrySet().stream().filter(x -> x.getValue() / sum >= MIN_SHARE)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(TOP).map(Map.Entry::getKey).toList());
  }

  public static void main(String[] argv) {
    int users = argv.length > 0 ? Integer.parseInt(argv[0]) : 1000;
    long t0 = System.nanoTime();
    double noise = Double.parseDouble(System.getProperty("noise", "0.10"));
    double overlap = Double.parseDouble(System.getProperty("overlap", "0.0"));
    double drift = Double.parseDouble(System.getProperty("drift", "0.3"));
    InterestRecovery r = new InterestRecovery(2400, noise, 0.10, overlap, drift);
    System.err.printf("catalogue of 2400 items embedded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    System.out.printf("difficulty: noise %.2f (events on a random category), vocabulary overlap %.2f, drift %.2f, "
        + "10%% of items listed under a missing or wrong category (withheld anyway)%n", noise, overlap, drift);
    if (System.getProperty("grid") != null) {
      for (String g : System.getProperty("grid").split(";")) {
        System.setProperty("assign", g);
        InterestRecovery x = r.retuned();
        System.out.printf("assign %s: 50 %s | 5 %s | stated %s%n", g, x.run(users, 50)[0], x.run(users, 5)[0], x.run(users, 0)[0]);
      }
      return;
    }
    Score[] full = r.run(users, 50);
    Score[] five = r.run(users, 5);
    Score[] stated = r.run(users, 0);
    System.out.printf("%n| users × events | Kindred (top-%d labels) | ceiling: true categories of the user's items | floor: most popular categories |%n", TOP);
    System.out.println("|---|---|---|---|");
    System.out.printf("| %d × 50 | %s | %s | %s |%n", users, full[0], full[1], full[2]);
    System.out.printf("| %d × 5 | %s | %s | %s |%n", users, five[0], five[1], five[2]);
    System.out.printf("| %d × 0 (stated text only) | %s | – | – |%n%n", users, stated[0]);
    System.out.printf("recovery f1=%.3f f1_5events=%.3f f1_stated=%.3f ceiling_f1=%.3f floor_f1=%.3f%n",
        full[0].f1(), five[0].f1(), stated[0].f1(), full[1].f1(), full[2].f1());
  }
}
