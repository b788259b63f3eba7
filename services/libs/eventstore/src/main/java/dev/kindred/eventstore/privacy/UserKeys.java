package dev.kindred.eventstore.privacy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * End-users' pseudonyms and data keys (V15 {@code user_keys}). A user id becomes
 * HMAC(tenant lookup key, id) to find the row; the row gives the random pseudonym (the stream key
 * and projection key) and the data key that seals the user's event payloads. Deleting the row is
 * the erasure: nothing left can open the payloads or tie the pseudonym to the id.
 */
public final class UserKeys {

  /** One user's pseudonym and data key. */
  public record UserKey(String pseudonym, SecretKey dataKey) {
  }

  /** A {@code user_keys} row to insert for a user seen for the first time. */
  public record NewUser(byte[] lookup, String pseudonym, byte[] wrappedDek) {
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(UserKeys.class);

  private UserKeys() {
  }

  /** The user's key, or null when the tenant never stored anything about this id (or erased it). */
  public static Uni<UserKey> find(SqlClient c, UUID tenant, String userId) {
    return TenantKeys.forTenant(c, tenant, false).chain(keys -> keys == null ? Uni.createFrom().nullItem()
        : select(c, tenant, keys, Map.of(HEX.formatHex(lookup(keys, userId)), userId)).map(found -> found.get(userId)));
  }

  /**
   * The keyed hash under which a user id is found in {@code user_keys.lookup} (null when the tenant has
   * no keys yet: nothing was ever stored for it). Tenant keys are cached, so this costs no statement
   * after a tenant's first: readers join {@code user_keys} on it in their own statement.
   */
  public static Uni<byte[]> lookupOf(SqlClient c, UUID tenant, String userId) {
    return TenantKeys.forTenant(c, tenant, false).map(keys -> keys == null ? null : lookup(keys, userId));
  }

  /** The keys of those of the users the tenant already knows, by user id (nothing is created). */
  public static Uni<Map<String, UserKey>> findAll(SqlClient c, UUID tenant, Collection<String> userIds) {
    return TenantKeys.forTenant(c, tenant, false).chain(keys -> {
      if (keys == null) {
        return Uni.createFrom().item(Map.<String, UserKey>of());
      }
      Map<String, String> byLookup = new LinkedHashMap<>();
      for (String id : new LinkedHashSet<>(userIds)) {
        byLookup.put(HEX.formatHex(lookup(keys, id)), id);
      }
      return select(c, tenant, keys, byLookup);
    });
  }

  /** The users' keys by user id, creating those that do not exist yet (in a tenant-bound transaction). */
  public static Uni<Map<String, UserKey>> findOrCreate(SqlClient c, UUID tenant, Collection<String> userIds) {
    return TenantKeys.forTenant(c, tenant, true).chain(keys -> {
      // In lookup order: two batches that create overlapping new users insert (and wait on each
      // other's uncommitted rows) in the same order, so they queue instead of deadlocking.
      Map<String, String> byLookup = new java.util.TreeMap<>();
      for (String id : new LinkedHashSet<>(userIds)) {
        byLookup.put(HEX.formatHex(lookup(keys, id)), id);
      }
      return select(c, tenant, keys, byLookup).chain(found -> {
        if (found.size() == byLookup.size()) {
          return Uni.createFrom().item(found);
        }
        List<Buffer> lookups = new ArrayList<>();
        List<String> pseudonyms = new ArrayList<>();
        List<Buffer> wrapped = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        byLookup.forEach((hex, id) -> {
          if (!found.containsKey(id)) {
            NewUser row = newUser(keys, tenant, id);
            lookups.add(Buffer.buffer(row.lookup()));
            pseudonyms.add(row.pseudonym());
            wrapped.add(Buffer.buffer(row.wrappedDek()));
            missing.put(hex, id);
          }
        });
        // A concurrent request may create the same user first: ON CONFLICT keeps its row, and the
        // second select reads whichever row won.
        return c.preparedQuery("""
                INSERT INTO user_keys (tenant_id, lookup, pseudonym, wrapped_dek)
                SELECT $1, l, p, w FROM unnest($2::bytea[], $3::text[], $4::bytea[]) WITH ORDINALITY AS x(l, p, w, o)
                ORDER BY o
                ON CONFLICT (tenant_id, lookup) DO NOTHING
                """).execute(Tuple.of(tenant, lookups.toArray(Buffer[]::new), pseudonyms.toArray(String[]::new),
                wrapped.toArray(Buffer[]::new)))
            .chain(() -> select(c, tenant, keys, missing))
            .map(created -> {
              Map<String, UserKey> all = new LinkedHashMap<>(found);
              all.putAll(created);
              return all;
            });
      });
    });
  }

  /** Data keys by pseudonym for streams of the tenant bound to the transaction; erased streams are absent. */
  public static Uni<Map<String, SecretKey>> forStreams(SqlClient c, UUID tenant, Collection<String> pseudonyms) {
    Set<String> wanted = new LinkedHashSet<>(pseudonyms);
    if (wanted.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return TenantKeys.forTenant(c, tenant, false).chain(keys -> keys == null ? Uni.createFrom().item(Map.<String, SecretKey>of())
        : c.preparedQuery("SELECT pseudonym, wrapped_dek FROM user_keys WHERE tenant_id = $1 AND pseudonym = ANY($2)")
            .execute(Tuple.of(tenant, wanted.toArray(String[]::new)))
            .map(rows -> {
              Map<String, SecretKey> out = new LinkedHashMap<>();
              for (Row r : rows) {
                out.put(r.getString("pseudonym"), unwrap(keys, tenant, r.getString("pseudonym"), r.getBuffer("wrapped_dek").getBytes()));
              }
              return out;
            }));
  }

  /** Data keys of any tenants' streams, for subscriptions (owner-rights read, V15). Key: tenant + '/' + pseudonym. */
  public static Uni<Map<String, SecretKey>> forSubscription(SqlClient c, List<UUID> tenants, List<String> pseudonyms) {
    if (tenants.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return c.preparedQuery("SELECT tenant_id, pseudonym, wrapped_dek FROM subscription_user_keys($1, $2)")
        .execute(Tuple.of(tenants.toArray(UUID[]::new), pseudonyms.toArray(String[]::new)))
        .chain(rows -> {
          // Tenant keys first, one step per tenant (a batch spans few tenants but may hold thousands of
          // users: a step per row nests the chain that deep and overflows the stack), then every row.
          Map<UUID, TenantKeys.Keys> tenantKeys = new LinkedHashMap<>();
          Uni<Void> opened = Uni.createFrom().voidItem();
          for (UUID tenant : new java.util.LinkedHashSet<>(rows.stream().map(r -> r.getUUID("tenant_id")).toList())) {
            // A key that does not open (a tenant sealed under another master key) must not stall
            // every tenant's subscription: its events are left undelivered, loudly.
            opened = opened.chain(() -> TenantKeys.forTenant(c, tenant, false)
                .onFailure().invoke(e -> LOG.errorf("tenant %s: its key does not open with this master key: %s", tenant, e))
                .onFailure().recoverWithNull()
                .invoke(keys -> {
                  if (keys != null) {
                    tenantKeys.put(tenant, keys);
                  }
                }).replaceWithVoid());
          }
          return opened.map(v -> {
            Map<String, SecretKey> out = new LinkedHashMap<>();
            for (Row r : rows) {
              UUID tenant = r.getUUID("tenant_id");
              String pseudonym = r.getString("pseudonym");
              TenantKeys.Keys keys = tenantKeys.get(tenant);
              if (keys == null) {
                continue;
              }
              try {
                out.put(tenant + "/" + pseudonym, unwrap(keys, tenant, pseudonym, r.getBuffer("wrapped_dek").getBytes()));
              } catch (IllegalArgumentException e) {
                LOG.errorf("tenant %s: a user's data key does not open: %s", tenant, e.getMessage());
              }
            }
            return out;
          });
        });
  }

  private static Uni<Map<String, UserKey>> select(SqlClient c, UUID tenant, TenantKeys.Keys keys, Map<String, String> byLookup) {
    if (byLookup.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    Buffer[] lookups = byLookup.keySet().stream().map(h -> Buffer.buffer(HEX.parseHex(h))).toArray(Buffer[]::new);
    return c.preparedQuery("SELECT lookup, pseudonym, wrapped_dek FROM user_keys WHERE tenant_id = $1 AND lookup = ANY($2)")
        .execute(Tuple.of(tenant, lookups))
        .map(rows -> {
          Map<String, UserKey> out = new LinkedHashMap<>();
          for (Row r : rows) {
            String id = byLookup.get(HEX.formatHex(r.getBuffer("lookup").getBytes()));
            String pseudonym = r.getString("pseudonym");
            out.put(id, new UserKey(pseudonym, unwrap(keys, tenant, pseudonym, r.getBuffer("wrapped_dek").getBytes())));
          }
          return out;
        });
  }

  /** A fresh random pseudonym and data key for this user id (also for bulk loaders writing with JDBC). */
  public static NewUser newUser(TenantKeys.Keys keys, UUID tenant, String userId) {
    String pseudonym = HEX.formatHex(Sealing.randomBytes(16));
    return new NewUser(lookup(keys, userId), pseudonym,
        Sealing.seal(keys.wrapping(), Sealing.randomBytes(32), aad(tenant, pseudonym)));
  }

  private static byte[] lookup(TenantKeys.Keys keys, String userId) {
    return Sealing.hmac(keys.lookup(), userId);
  }

  private static SecretKey unwrap(TenantKeys.Keys keys, UUID tenant, String pseudonym, byte[] wrapped) {
    return Sealing.aesKey(Sealing.open(keys.wrapping(), wrapped, aad(tenant, pseudonym)));
  }

  private static byte[] aad(UUID tenant, String pseudonym) {
    return Sealing.utf8("user:" + tenant + "/" + pseudonym);
  }
}
