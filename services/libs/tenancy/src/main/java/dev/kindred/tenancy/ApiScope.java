package dev.kindred.tenancy;

/** What a key may do: write events and catalogue (ingest) or read recommendations (serve). */
public enum ApiScope {
  INGEST("ing"), SERVE("srv");

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

  public static ApiScope fromDbName(String s) {
    return valueOf(s.toUpperCase());
  }
}
