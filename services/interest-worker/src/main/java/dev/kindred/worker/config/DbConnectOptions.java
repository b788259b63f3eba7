package dev.kindred.worker.config;

import io.vertx.pgclient.PgConnectOptions;
import org.eclipse.microprofile.config.Config;

/** Options for the dedicated connections that hold subscription leases and LISTEN. */
public final class DbConnectOptions {

  private DbConnectOptions() {
  }

  public static PgConnectOptions app(Config config) {
    return new PgConnectOptions()
        .setHost(config.getValue("kindred.db.host", String.class))
        .setPort(config.getValue("kindred.db.port", Integer.class))
        .setDatabase(config.getValue("kindred.db.name", String.class))
        .setUser(config.getValue("kindred.db.app-user", String.class))
        .setPassword(config.getValue("kindred.db.app-password", String.class));
  }
}
