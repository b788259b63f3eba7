package dev.kindred.eventstore.privacy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The platform master key and each tenant's keys (V15 {@code tenant_keys}). A tenant's random
 * secret is stored wrapped by the master key; from it come the key that wraps its users' data keys
 * and the key of the user-id lookup HMAC. Tenant keys are never erased, so caching them is safe
 * (user data keys are never cached beyond one request or batch: erasure must bite at once).
 */
public final class TenantKeys {

  /** What one tenant's secret yields. */
  public record Keys(SecretKey wrapping, byte[] lookup) {
  }

  public static final String MASTER_KEY_PROPERTY = "kindred.privacy.master-key";
  public static final String MASTER_KEY_ENV = "KINDRED_PRIVACY_MASTER_KEY";
  private static volatile SecretKey master;
  private static final Map<UUID, Keys> CACHE = new ConcurrentHashMap<>();

  private TenantKeys() {
  }

  static SecretKey master() {
    // From the environment (or -D): the key must not sit in a file shipped with the service.
    SecretKey k = master;
    if (k == null) {
      String v = System.getProperty(MASTER_KEY_PROPERTY, System.getenv(MASTER_KEY_ENV));
      if (v == null || v.isBlank()) {
        throw new IllegalStateException("no privacy master key: set " + MASTER_KEY_PROPERTY + " (env "
            + MASTER_KEY_ENV + ") to the base64 of 32 random bytes");
      }
      k = parse(v);
      master = k;
    }
    return k;
  }

  /** A platform secret for one purpose (hex of HMAC(master key, purpose)): never stored, never sent. */
  public static String secretFor(String purpose) {
    return java.util.HexFormat.of().formatHex(Sealing.hmac(master().getEncoded(), purpose));
  }

  private static SecretKey parse(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(MASTER_KEY_PROPERTY + " is not base64", e);
    }
    if (raw.length != 32) {
      throw new IllegalStateException(MASTER_KEY_PROPERTY + " must be 32 bytes, is " + raw.length);
    }
    return Sealing.aesKey(raw);
  }

  /** The tenant's keys; created on first use inside a transaction bound to that tenant. */
  public static Uni<Keys> forTenant(SqlClient c, UUID tenant, boolean createIfMissing) {
    Keys cached = CACHE.get(tenant);
    if (cached != null) {
      return Uni.createFrom().item(cached);
    }
    Uni<Void> create = !createIfMissing ? Uni.createFrom().voidItem()
        : c.preparedQuery("INSERT INTO tenant_keys (tenant_id, wrapped_secret) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .execute(Tuple.of(tenant, Buffer.buffer(newWrappedSecret(tenant))))
            .replaceWithVoid();
    return create.chain(() -> c.preparedQuery("SELECT tenant_key($1) AS k").execute(Tuple.of(tenant))).map(rows -> {
      Row r = rows.iterator().next();
      var wrapped = r.getBuffer("k");
      if (wrapped == null) {
        return null;
      }
      Keys keys = open(tenant, wrapped.getBytes());
      CACHE.put(tenant, keys);
      return keys;
    });
  }

  /** A new random tenant secret, wrapped by the master key (as {@code tenant_keys.wrapped_secret} holds it). */
  public static byte[] newWrappedSecret(UUID tenant) {
    return Sealing.seal(master(), Sealing.randomBytes(32), aad(tenant));
  }

  /** The keys a stored tenant secret yields (also for bulk loaders that write with JDBC, e.g. benchmarks). */
  public static Keys open(UUID tenant, byte[] wrappedSecret) {
    byte[] secret = Sealing.open(master(), wrappedSecret, aad(tenant));
    return new Keys(Sealing.aesKey(Sealing.hmac(secret, "kindred/wrap-user-keys")), Sealing.hmac(secret, "kindred/user-lookup"));
  }

  private static byte[] aad(UUID tenant) {
    return Sealing.utf8("tenant:" + tenant);
  }
}
