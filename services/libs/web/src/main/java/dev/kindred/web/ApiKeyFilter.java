package dev.kindred.web;

import dev.kindred.tenancy.ApiKeyResolver;
import dev.kindred.tenancy.ApiPrincipal;
import dev.kindred.tenancy.ApiScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates resources marked {@link ApiKeyRequired}: {@code Authorization: Bearer <key>} or
 * {@code X-Api-Key}, or for a POST without either a {@code key} query parameter (browser beacons). Unknown, malformed or revoked keys get 401; a key of the wrong scope gets 403;
 * a key over its quota gets 429 with Retry-After.
 */
@jakarta.inject.Singleton
public class ApiKeyFilter {
  private final ApiKeyResolver resolver;
  private final CurrentPrincipal current;
  private final RateLimiter limiter;

  public ApiKeyFilter(Pool pool, CurrentPrincipal current, RateLimiter limiter) {
    this.resolver = new ApiKeyResolver(pool);
    this.current = current;
    this.limiter = limiter;
  }

  @ServerRequestFilter
  public Uni<Response> authenticate(ResourceInfo info, HttpServerRequest request) {
    ApiKeyRequired required = required(info);
    if (required == null) {
      return Uni.createFrom().nullItem();
    }
    return authenticate(presentedKey(request), required.value())
        .map(p -> {
          current.set(p);
          return (Response) null;
        })
        .onFailure(ProblemException.class).recoverWithItem(e -> Problem.response((ProblemException) e, request.path()));
  }

  /** The principal of a presented key, or a failure with the 401/403/429 problem to answer. */
  public Uni<ApiPrincipal> authenticate(String presented, ApiScope scope) {
    if (presented == null) {
      return Uni.createFrom().failure(ProblemException.unauthorized("send an API key as 'Authorization: Bearer <key>'"));
    }
    return resolver.resolve(presented).map(found -> {
      ApiPrincipal p = found.orElseThrow(() -> ProblemException.unauthorized("the API key is unknown or revoked"));
      if (p.scope() != scope) {
        throw ProblemException.forbidden("this endpoint needs a key of scope '" + scope.dbName()
            + "', the key has '" + p.scope().dbName() + "'");
      }
      long wait = limiter.acquire(p.keyId(), p.requestsPerSecond());
      if (wait > 0) {
        throw new ProblemException(429, "Too many requests",
            "the key's quota of " + p.requestsPerSecond() + " requests/s is spent", null, wait);
      }
      return p;
    });
  }

  private static ApiKeyRequired required(ResourceInfo info) {
    if (info == null || info.getResourceMethod() == null) {
      return null;
    }
    ApiKeyRequired onMethod = info.getResourceMethod().getAnnotation(ApiKeyRequired.class);
    return onMethod != null ? onMethod : info.getResourceClass().getAnnotation(ApiKeyRequired.class);
  }

  public static String presentedKey(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    String header = request.getHeader("X-Api-Key");
    if (header != null) {
      return header.trim();
    }
    // navigator.sendBeacon cannot set headers: a browser's last batch on page hide carries its
    // (ingest) key in the query. Only for POST, so that no GET URL with a key lands in caches.
    return "POST".equals(request.method().name()) ? request.getParam("key") : null;
  }
}
