package dev.kindred.bench;

import dev.kindred.eventstore.privacy.TenantKeys;
import dev.kindred.eventstore.privacy.UserKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * End-users' pseudonyms (V15) as a benchmark finds them over JDBC, as the table's owner: the keyed
 * lookup of a user id computed with the tenant's key, then its {@code user_keys} row. Profiles and
 * read models are keyed by pseudonym, so this is how a benchmark reads one user's row by its key
 * instead of scanning the tenant's rows for it.
 */
public final class Pseudonyms {

  private final Connection db;
  private final UUID tenant;
  private final TenantKeys.Keys keys;
  private final Map<String, String> known = new HashMap<>();
  private final Map<String, byte[]> lookups = new HashMap<>();

  public Pseudonyms(Connection db, UUID tenant) throws Exception {
    this.db = db;
    this.tenant = tenant;
    this.keys = tenantKeys(db, tenant);
  }

  /** The pseudonyms of those of {@code users} the tenant has stored so far, by user id. */
  public Map<String, String> of(Collection<String> users) throws Exception {
    Map<String, String> out = new HashMap<>();
    List<byte[]> missing = new ArrayList<>();
    Map<String, String> byLookup = new HashMap<>();
    for (String user : users) {
      String p = known.get(user);
      if (p != null) {
        out.put(user, p);
        continue;
      }
      byte[] lookup = lookups.computeIfAbsent(user, u -> UserKeys.newUser(keys, tenant, u).lookup());
      missing.add(lookup);
      byLookup.put(java.util.HexFormat.of().formatHex(lookup), user);
    }
    if (missing.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT lookup, pseudonym FROM user_keys WHERE tenant_id = ? AND lookup = ANY (?)")) {
      ps.setObject(1, tenant);
      ps.setArray(2, db.createArrayOf("bytea", missing.toArray(new byte[0][])));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String user = byLookup.get(java.util.HexFormat.of().formatHex(rs.getBytes(1)));
          known.put(user, rs.getString(2));
          out.put(user, rs.getString(2));
        }
      }
    }
    return out;
  }

  /** The tenant's keys (created as the first append would create them), read as the owner over JDBC. */
  public static TenantKeys.Keys tenantKeys(Connection c, UUID tenant) throws Exception {
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO tenant_keys (tenant_id, wrapped_secret) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ins.setObject(1, tenant);
      ins.setBytes(2, TenantKeys.newWrappedSecret(tenant));
      ins.executeUpdate();
    }
    try (PreparedStatement sel = c.prepareStatement("SELECT wrapped_secret FROM tenant_keys WHERE tenant_id = ?")) {
      sel.setObject(1, tenant);
      try (ResultSet rs = sel.executeQuery()) {
        rs.next();
        return TenantKeys.open(tenant, rs.getBytes(1));
      }
    }
  }
}
