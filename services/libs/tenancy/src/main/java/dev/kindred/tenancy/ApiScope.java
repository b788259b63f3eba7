package dev.kindred.tenancy;

/**
 * What a key may do. {@link #INGEST} (write events, catalogue, users' data requests) and
 * {@link #SERVE} (read recommendations, profiles, statistics, for any user) are secret keys: they
 * stay on the tenant's servers. {@link #PUBLISHABLE} keys may sit in a web page or app: they track
 * events and read recommendations, similar and trending items, for an anonymous id or for the user
 * a valid user token names, and nothing else.
 */
public enum ApiScope {
  INGEST("ing"), SERVE("srv"), PUBLISHABLE("pub");

  private final String prefix;

  ApiScope(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String dbName() {
    return name().toLowerCase();
  }

  public boolean secret() {
    return this != PUBLISHABLE;
  }

  public static ApiScope fromDbName(String s) {
    return valueOf(s.toUpperCase());
  }
}
