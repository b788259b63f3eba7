package dev.kindred.worker.interest.projection;

import dev.kindred.events.ConsentChanged;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.InterestCorrected;
import dev.kindred.inference.EmbeddingModel;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.Signal;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.embedding.service.ItemText;
import dev.kindred.worker.interest.repository.CatalogueReader;
import dev.kindred.worker.interest.repository.CatalogueReader.ItemInfo;
import dev.kindred.worker.interest.repository.ProfileRepository;
import dev.kindred.worker.interest.repository.ProfileTables;
import dev.kindred.worker.interest.repository.ProfileRepository.Stored;
import dev.kindred.worker.interest.repository.ProfileRepository.Write;
import dev.kindred.worker.interest.service.SignalFactory;
import dev.kindred.worker.interest.service.TenantModels;
import dev.kindred.worker.interest.service.TenantModels.TenantModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies behaviour events of one tenant's users to their interest profiles. Everything is read
 * and computed in {@link #prepare}; {@link #apply} only writes. Events at or before a profile's
 * stored position are skipped, so re-delivery never applies an event twice.
 */
@ApplicationScoped
public class InterestProjector {

  /**
   * The writes of one batch for one tenant, and the profile generation they were computed from;
   * {@code after}: the profiles as these writes leave them, for a batch prepared while they commit.
   */
  public record TenantWrites(List<Write> saves, Set<String> deletes, Map<String, ConsentChanged> consents,
      int generation, Map<String, Stored> after) {
  }

  private record Reads(Iterable<io.vertx.mutiny.sqlclient.Row> stored, Map<String, ItemInfo> items, int generation,
      Set<String> suppressed) {
  }

  private static final Duration DB = Duration.ofSeconds(30);
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(InterestProjector.class);
  private final Pool pool;
  private final ProfileRepository profiles;
  private final CatalogueReader catalogue;
  private final dev.kindred.tenancy.TenantRepository tenants = new dev.kindred.tenancy.TenantRepository();
  private final TenantModels models;
  private final SignalFactory signals;
  private final EmbeddingModel model;

  public InterestProjector(Pool pool, ProfileRepository profiles, CatalogueReader catalogue, TenantModels models,
      SignalFactory signals, EmbeddingModel model) {
    this.pool = pool;
    this.profiles = profiles;
    this.catalogue = catalogue;
    this.models = models;
    this.signals = signals;
    this.model = model;
  }

  /**
   * {@code tables}: the live profiles, or a replay's build tables; {@code inFlight}: the writes of
   * the batch before, still being committed (empty when none) — its users are taken from there.
   */
  public Map<UUID, TenantWrites> prepare(List<Delivered> events, ProfileTables tables, Map<UUID, TenantWrites> inFlight) {
    Map<UUID, List<Delivered>> byTenant = new LinkedHashMap<>();
    for (Delivered d : events) {
      byTenant.computeIfAbsent(d.envelope().tenantId(), t -> new ArrayList<>()).add(d);
    }
    Map<UUID, TenantWrites> out = new LinkedHashMap<>();
    byTenant.forEach((tenant, list) -> out.put(tenant, prepareTenant(tenant, list, tables, inFlight.get(tenant))));
    return out;
  }

  private TenantWrites prepareTenant(UUID tenant, List<Delivered> events, ProfileTables tables, TenantWrites inFlight) {
    long t0 = System.nanoTime();
    TenantModel tm = models.get(tenant);
    long t1 = System.nanoTime();
    InterestUpdater updater = new InterestUpdater(tm.settings());
    Set<String> users = new LinkedHashSet<>();
    Set<String> itemIds = new HashSet<>();
    for (Delivered d : events) {
      users.add(d.envelope().streamKey());
      if (d.envelope().itemId() != null) {
        itemIds.add(d.envelope().itemId());
      }
    }
    // Users the batch in flight writes are taken as it leaves them, not read back before it commits.
    Set<String> toLoad = new LinkedHashSet<>(users);
    if (inFlight != null) {
      toLoad.removeAll(inFlight.after().keySet());
      toLoad.removeAll(inFlight.deletes());
      toLoad.removeAll(inFlight.consents().keySet());
    }
    String modelKey = model.modelId().key();
    // One transaction: the profile generation, the users' profiles and consent, the items they touched.
    // The tenant's suppressed (sensitive) categories are read with every batch, not cached: a
    // category suppressed now never shapes an interest from the next event on.
    // A replay that swapped the profiles since the batch in flight was prepared has waited for its
    // commit (the generation's share lock): then everything is read back, from the swapped rows.
    Reads reads = TenantTx.run(pool, tenant, c -> profiles.generation(c, tenant).chain(g -> profiles.load(c, tables, tenant,
            inFlight == null || inFlight.generation() == g ? toLoad : users)
        .chain(st -> (itemIds.isEmpty() ? Uni.createFrom().item(Map.<String, ItemInfo>of())
            : catalogue.items(c, tenant, itemIds, modelKey))
            .chain(it -> tenants.settings(c, tenant).map(s -> new Reads(st, it, g, lowerCase(s.suppressedCategories()))))))
        ).await().atMost(DB);
    Set<String> optedOut = new HashSet<>();
    Map<String, Stored> stored = new HashMap<>();
    profiles.open(reads.stored()).forEach((k, v) -> {
      if (k.startsWith(ProfileRepository.OPTED_OUT)) {
        optedOut.add(k.substring(ProfileRepository.OPTED_OUT.length()));
      } else {
        stored.put(k, v);
      }
    });
    if (inFlight != null && inFlight.generation() == reads.generation()) {
      overlay(inFlight, stored, optedOut);
    }
    Map<String, ItemInfo> items = new HashMap<>(reads.items());
    long t2 = System.nanoTime();
    embedMissing(tenant, items, modelKey);
    long t3 = System.nanoTime();

    Map<String, InterestProfile> working = new LinkedHashMap<>();
    Map<String, Delivered> last = new HashMap<>();
    Set<String> deletes = new LinkedHashSet<>();
    Map<String, ConsentChanged> consents = new LinkedHashMap<>();
    for (Delivered d : events) {
      EventEnvelope e = d.envelope();
      String user = e.streamKey();
      if (e.event() instanceof ConsentChanged cc) {
        consents.put(user, cc);
        if (cc.personalization()) {
          optedOut.remove(user);
        } else {
          optedOut.add(user);
          working.remove(user);
          stored.remove(user);
          deletes.add(user);
        }
        continue;
      }
      Stored st = stored.get(user);
      if (optedOut.contains(user) || (st != null && d.position().compareTo(st.position()) <= 0)) {
        continue;
      }
      InterestProfile p = working.computeIfAbsent(user, u -> st != null ? st.profile() : new InterestProfile(u));
      if (e.event() instanceof InterestCorrected ic) {
        switch (ic.action()) {
          case "mute" -> updater.mute(p, ic.interestId(), true);
          case "unmute" -> updater.mute(p, ic.interestId(), false);
          case "delete" -> updater.delete(p, ic.interestId(), e.occurredAt());
          default -> { }
        }
      } else {
        for (Signal s : signals.signals(e, tm.settings(), items::get)) {
          if (s.itemId() == null || !sensitive(items.get(s.itemId()), reads.suppressed())) {
            updater.apply(p, s);
          }
        }
      }
      last.put(user, d);
      deletes.remove(user);
    }
    long t4 = System.nanoTime();
    List<Write> saves = new ArrayList<>();
    Map<String, Stored> after = new HashMap<>();
    working.forEach((user, p) -> {
      Delivered d = last.get(user);
      if (d != null && !p.isEmpty()) {
        tm.labeler().labelChanged(p);
        saves.add(Write.of(user, p, d.position(), d.envelope().eventId()));
        p.stored();
        after.put(user, new Stored(p, d.position()));
      }
    });
    long t5 = System.nanoTime();
    if (t5 - t0 > 50_000_000L) {
      LOG.infof("slow batch of %d events: model %.1f ms, reads %.1f ms, embed %.1f ms, update %.1f ms, label+encode %.1f ms",
          events.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
    }
    return new TenantWrites(saves, deletes, consents, reads.generation(), after);
  }

  /**
   * The batch in flight's outcome over what was read: its users' profiles as it writes them, and
   * their consent as it records it. (A user it writes whose key an erasure has deleted meanwhile is
   * skipped by both batches' writes alike: see {@link #keyHolders}.)
   */
  private static void overlay(TenantWrites inFlight, Map<String, Stored> stored, Set<String> optedOut) {
    inFlight.consents().forEach((user, consent) -> {
      if (consent.personalization()) {
        optedOut.remove(user);
      } else {
        optedOut.add(user);
      }
    });
    inFlight.deletes().forEach(stored::remove);
    stored.putAll(inFlight.after());
  }

  /** Items the embedding projection has not reached yet are embedded here from the same text. */
  private void embedMissing(UUID tenant, Map<String, ItemInfo> items, String modelKey) {
    List<ItemInfo> missing = items.values().stream().filter(i -> i.vector() == null).toList();
    if (missing.isEmpty()) {
      return;
    }
    float[][] v = model.embed(missing.stream().map(i -> ItemText.of(i.title(), i.categories(), i.description())).toList());
    for (int k = 0; k < missing.size(); k++) {
      ItemInfo i = missing.get(k);
      ItemInfo done = new ItemInfo(i.itemId(), i.title(), i.description(), i.categories(), i.seq(), v[k]);
      items.put(i.itemId(), done);
      catalogue.remember(tenant, done, modelKey);
    }
  }

  /** Live writes first check that no replay swapped the tenant's profiles since they were prepared. */
  public Uni<Void> apply(SqlConnection tx, Map<UUID, TenantWrites> writes, ProfileTables tables) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, TenantWrites> t : writes.entrySet()) {
      UUID tenant = t.getKey();
      TenantWrites w = t.getValue();
      chain = chain.chain(() -> TenantTx.bind(tx, tenant));
      if (tables.live()) {
        chain = chain.chain(() -> profiles.checkGeneration(tx, tenant, w.generation()));
      }
      chain = chain.chain(() -> keyHolders(tx, tenant, w)).chain(kept -> {
        Uni<Void> out = Uni.createFrom().voidItem();
        for (Map.Entry<String, ConsentChanged> c : w.consents().entrySet()) {
          if (kept.contains(c.getKey())) {
            out = out.chain(() -> profiles.saveConsent(tx, tenant, c.getKey(), c.getValue().personalization(),
                c.getValue().analytics()));
          }
        }
        if (!w.deletes().isEmpty()) {
          out = out.chain(() -> profiles.delete(tx, tables, tenant, w.deletes()));
        }
        List<Write> saves = w.saves().stream().filter(s -> kept.contains(s.userId())).toList();
        if (!saves.isEmpty()) {
          out = out.chain(() -> profiles.save(tx, tables, tenant, saves));
        }
        if (tables.live() && (!saves.isEmpty() || !w.deletes().isEmpty())) {
          // Their candidate lists are computed again (CandidateRefresher), marked in this transaction.
          java.util.Set<String> changed = new java.util.HashSet<>(w.deletes());
          saves.forEach(x -> changed.add(x.userId()));
          out = out.chain(() -> profiles.markCandidates(tx, tenant, changed));
        }
        return out;
      });
    }
    return chain;
  }

  /**
   * The batch's users whose key still exists, share-locked until commit: an erasure deletes the
   * key first and so waits for this write, or has already deleted it and the user is skipped —
   * a batch prepared just before an erasure never brings the profile back.
   */
  private static Uni<Set<String>> keyHolders(SqlConnection tx, UUID tenant, TenantWrites w) {
    Set<String> users = new HashSet<>(w.consents().keySet());
    w.saves().forEach(s -> users.add(s.userId()));
    if (users.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    return tx.preparedQuery("SELECT pseudonym FROM user_keys WHERE tenant_id = $1 AND pseudonym = ANY($2) FOR SHARE")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant, users.toArray(String[]::new)))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Whether the item is in one of the tenant's suppressed categories (its events shape no interest). */
  static boolean sensitive(ItemInfo item, Set<String> suppressed) {
    if (item == null || suppressed.isEmpty() || item.categories() == null) {
      return false;
    }
    return item.categories().stream().anyMatch(c -> c != null && suppressed.contains(c.toLowerCase(java.util.Locale.ROOT)));
  }

  private static Set<String> lowerCase(List<String> categories) {
    Set<String> out = new HashSet<>();
    categories.forEach(c -> out.add(c.toLowerCase(java.util.Locale.ROOT)));
    return out;
  }
}
