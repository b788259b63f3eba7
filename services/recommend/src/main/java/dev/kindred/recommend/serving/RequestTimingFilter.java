package dev.kindred.recommend.serving;

import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Starts the request's clock first, before matching and authentication; answers how many SQL
 * statements the request's transactions sent ({@link #HEADER}: serving's statement budget, visible).
 */
@Singleton
public class RequestTimingFilter {

  public static final String HEADER = "X-Kindred-Db-Statements";

  private final RequestTiming timing;

  public RequestTimingFilter(RequestTiming timing) {
    this.timing = timing;
  }

  @ServerRequestFilter(preMatching = true, priority = 1)
  public void start() {
    timing.start();
  }

  @org.jboss.resteasy.reactive.server.ServerResponseFilter
  public void statements(jakarta.ws.rs.container.ContainerResponseContext response) {
    if (io.quarkus.arc.Arc.container().requestContext().isActive()) {
      response.getHeaders().putSingle(HEADER, timing.tally().statements());
      // The time spent inside the service (W3C Server-Timing): what a client's latency adds to it is transport and queueing.
      response.getHeaders().putSingle("Server-Timing", "app;dur=" + timing.elapsedMs());
    }
  }
}
