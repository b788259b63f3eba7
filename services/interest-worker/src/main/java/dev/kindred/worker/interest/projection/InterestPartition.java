package dev.kindred.worker.interest.projection;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.worker.interest.repository.ProfileTables;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One partition of the interest-profile subscription: the users whose (tenant, user) hash falls in
 * it. Each partition is its own checkpointed subscription with its own lease, so several workers
 * share the load and one user's events are always applied by one of them, in order.
 */
public final class InterestPartition implements SubscriptionHandler<Map<UUID, InterestProjector.TenantWrites>> {

  public static final Set<String> TYPES = Set.of(
      EventType.ITEM_VIEWED.storedName(), EventType.ITEM_CLICKED.storedName(), EventType.ADDED_TO_CART.storedName(),
      EventType.ITEM_PURCHASED.storedName(), EventType.ITEM_RATED.storedName(), EventType.SEARCH_PERFORMED.storedName(),
      EventType.REVIEW_WRITTEN.storedName(), EventType.FEEDBACK_GIVEN.storedName(),
      EventType.INTERESTS_STATED.storedName(), EventType.INTEREST_CORRECTED.storedName(),
      EventType.CONSENT_CHANGED.storedName());

  /** The consumer group of the interest profiles with kindred.eventlog=kafka (the topic's partitions replace these). */
  public static final String GROUP = "interest-profiles";

  private final int partition;
  private final int partitions;
  private final InterestProjector projector;

  public InterestPartition(int partition, int partitions, InterestProjector projector) {
    this.partition = partition;
    this.partitions = partitions;
    this.projector = projector;
  }

  public static String name(int partition, int partitions) {
    return "interest-profiles/" + partition + "of" + partitions;
  }

  public static int partitionOf(UUID tenant, String user, int partitions) {
    return Math.floorMod((tenant.toString() + "/" + user).hashCode(), partitions);
  }

  @Override
  public Map<UUID, InterestProjector.TenantWrites> prepare(List<Delivered> events) {
    return projector.prepare(events.stream().filter(this::mine).toList(), ProfileTables.LIVE, Map.of());
  }

  /** Behind the log, the next batch's profiles are computed while the database writes this one's. */
  @Override
  public boolean overlaps() {
    return true;
  }

  @Override
  public Map<UUID, InterestProjector.TenantWrites> prepareAfter(List<Delivered> events,
      Map<UUID, InterestProjector.TenantWrites> inFlight) {
    return projector.prepare(events.stream().filter(this::mine).toList(), ProfileTables.LIVE, inFlight);
  }

  @Override
  public Uni<Void> apply(SqlConnection tx, List<Delivered> events, Map<UUID, InterestProjector.TenantWrites> writes) {
    return projector.apply(tx, writes, ProfileTables.LIVE);
  }

  private boolean mine(Delivered d) {
    EventEnvelope e = d.envelope();
    return dev.kindred.events.EventEnvelope.userStream(e.streamKey()) && partitionOf(e.tenantId(), e.streamKey(), partitions) == partition;
  }
}
