package dev.kindred.web;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What changes per hour, not per request, is held in memory by the services and refreshed when it
 * changes: the database announces changes of tenants (settings, rules) and keys on the channel
 * {@code kindred_changes} (V23 triggers, payload {@code tenant:<id>}, {@code key:<id>},
 * {@code token-key:<id>}), and this bean LISTENs on one dedicated connection and tells the caches. The
 * connection is opened on first use and again after a loss; while it is down the caches' own time
 * limits bound how stale they get, and every reconnection clears them all ({@code *}).
 */
@jakarta.enterprise.context.ApplicationScoped
public class ChangeFeed {

  private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
  /** What every cache hears after the connection was (re)opened: anything may have changed meanwhile. */
  public static final String EVERYTHING = "*";
  private final Vertx vertx;
  private final PgConnectOptions options;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile PgConnection connection;
  private volatile boolean connecting;
  private volatile boolean closed;

  public ChangeFeed(Vertx vertx, @ConfigProperty(name = "kindred.db.host") String host,
      @ConfigProperty(name = "kindred.db.port") int port, @ConfigProperty(name = "kindred.db.name") String db,
      @ConfigProperty(name = "kindred.db.app-user") String user,
      @ConfigProperty(name = "kindred.db.app-password") String password) {
    this.vertx = vertx;
    this.options = new PgConnectOptions().setHost(host).setPort(port).setDatabase(db).setUser(user).setPassword(password);
  }

  /** Calls {@code listener} with each change's payload ({@code tenant:<id>}, {@code key:<id>}, or {@link #EVERYTHING}). */
  public void listen(Consumer<String> listener) {
    listeners.add(listener);
    ensureConnected();
  }

  private final java.util.Map<Object, Consumer<String>> owners = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@link #listen} once per {@code owner}, however often it is called: caches call it on each use,
   * so they listen from their first use on (the feed's connection needs the running Vert.x, which
   * their constructors may run before).
   */
  public void listenOnce(Object owner, Consumer<String> listener) {
    if (owners.containsKey(owner)) {
      return;
    }
    if (owners.putIfAbsent(owner, listener) == null) {
      listen(listener);
    }
  }

  /** Whether the caches are being told of changes now (else they rely on their time limits). */
  public boolean live() {
    ensureConnected();
    return connection != null;
  }

  private synchronized void ensureConnected() {
    if (connection != null || connecting || closed) {
      return;
    }
    connecting = true;
    PgConnection.connect(vertx, options)
        .call(c -> c.query("LISTEN kindred_changes").execute())
        .subscribe().with(c -> {
          c.notificationHandler(n -> tell(n.getPayload()));
          c.closeHandler(() -> {
            connection = null;
            if (!closed) {
              LOG.warn("the change feed's connection closed; caches rely on their time limits until it is back");
              vertx.setTimer(1000, t -> ensureConnected());
            }
          });
          connection = c;
          connecting = false;
          tell(EVERYTHING);
        }, err -> {
          connecting = false;
          LOG.warnf("the change feed cannot listen yet (%s); retrying", err.getMessage());
          if (!closed) {
            vertx.setTimer(2000, t -> ensureConnected());
          }
        });
  }

  private void tell(String payload) {
    for (Consumer<String> l : listeners) {
      try {
        l.accept(payload);
      } catch (RuntimeException e) {
        LOG.warnf("a cache failed to take change %s: %s", payload, e.getMessage());
      }
    }
  }

  void stop(@Observes ShutdownEvent e) {
    closed = true;
    PgConnection c = connection;
    if (c != null) {
      c.close().await().atMost(Duration.ofSeconds(5));
    }
  }
}
