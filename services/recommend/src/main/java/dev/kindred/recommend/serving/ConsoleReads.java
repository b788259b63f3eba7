package dev.kindred.recommend.serving;

import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.ApiKeyFilter;
import dev.kindred.web.CurrentPrincipal;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.RequestScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Reads of an end-user's data by a person in the web console (a user token, not the tenant's
 * app): each is written to the audit log, naming the end-user by pseudonym, before the answer
 * goes out; and what the console is shown is not logged as an impression (the end-user saw
 * nothing, so it must not become their data or training data).
 */
@RequestScoped
public class ConsoleReads {

  private final CurrentPrincipal principal;
  private final Pool pool;

  public ConsoleReads(CurrentPrincipal principal, Pool pool) {
    this.principal = principal;
    this.pool = pool;
  }

  /** Whether the caller is a console user rather than an API key. */
  public boolean byConsole() {
    return principal.get().keyId().startsWith(ApiKeyFilter.USER);
  }

  /** Audits a console user's read of {@code userId}'s data ({@code what}: profile, recommendations, …). */
  public void audit(UUID tenant, String userId, String what) {
    if (!byConsole() || userId == null) {
      return;
    }
    String actor = principal.get().keyId();
    TenantTx.run(pool, tenant, c -> UserKeys.find(c, tenant, userId).chain(key -> AuditLog.record(c, tenant, actor,
        "user.read", key == null ? null : "user:" + key.pseudonym(), "{\"what\": \"" + what + "\"}")))
        .await().atMost(Duration.ofSeconds(10));
  }
}
