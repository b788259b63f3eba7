package dev.kindred.worker.privacy;

import dev.kindred.events.ErasureRequested;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Carries out erasure requests ({@code ErasureRequested}, checkpointed subscription): everything
 * happens in the transaction that moves the checkpoint and marks the request COMPLETED, so an
 * erasure is all or nothing and never done twice. The steps themselves are in {@link UserErasure}.
 */
@ApplicationScoped
public class ErasureProjection implements SubscriptionHandler<Void> {

  public static final String NAME = "erasures";
  public static final Set<String> TYPES = Set.of("ErasureRequested");

  private final UserErasure erasure;

  public ErasureProjection(UserErasure erasure) {
    this.erasure = erasure;
  }

  @Override
  public Void prepare(List<Delivered> events) {
    return null;
  }

  @Override
  public Uni<Void> apply(SqlConnection tx, List<Delivered> events, Void prepared) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Delivered d : events) {
      if (d.envelope().event() instanceof ErasureRequested r) {
        UUID tenant = d.envelope().tenantId();
        UUID request = UUID.fromString(r.requestId());
        chain = chain.chain(() -> TenantTx.bind(tx, tenant))
            .chain(() -> tx.preparedQuery("SELECT status, subject FROM privacy_requests WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(request)))
            .chain(rows -> rows.size() == 1 && "PENDING".equals(rows.iterator().next().getString(0))
                ? erasure.erase(tx, tenant, request, rows.iterator().next().getString(1))
                : Uni.createFrom().voidItem());
      }
    }
    return chain;
  }
}
