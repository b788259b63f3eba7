package dev.kindred.recommend.serving;

import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Starts the request's clock first, before matching and authentication. */
@Singleton
public class RequestTimingFilter {

  private final RequestTiming timing;

  public RequestTimingFilter(RequestTiming timing) {
    this.timing = timing;
  }

  @ServerRequestFilter(preMatching = true, priority = 1)
  public void start() {
    timing.start();
  }
}
