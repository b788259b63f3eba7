package dev.kindred.web;

import dev.kindred.tenancy.ApiKeyResolver;
import dev.kindred.tenancy.ApiPrincipal;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.Origins;
import java.time.Instant;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates resources marked {@link ApiKeyRequired}: {@code Authorization: Bearer <key>} or
 * {@code X-Api-Key}, or for a POST without either a {@code key} query parameter (browser beacons).
 * Unknown, malformed, revoked or expired keys get 401; a key of the wrong scope, or a publishable key
 * where the endpoint needs a secret one or from an origin the tenant did not allow, gets 403; a key
 * or a client address over its quota gets 429 with Retry-After. A publishable key's request may carry
 * an end-user token ({@link EndUserTokens#HEADER}); an invalid one gets 401.
 */
@jakarta.inject.Singleton
public class ApiKeyFilter {
  /** Prefix of the key id of a principal authenticated by a user's token rather than a key. */
  public static final String USER = "user:";
  private static final String PLATFORM_ADMIN = "platform-admin";
  private static final int USER_REQUESTS_PER_SECOND = 20;
  private final ApiKeyCache resolver;
  private final CurrentPrincipal current;
  private final RateLimiter limiter;
  private final UserTokens tokens;
  private final Pool pool;

  private final EndUserTokens endUsers;
  private final java.util.concurrent.ConcurrentHashMap<String, Long> touched = new java.util.concurrent.ConcurrentHashMap<>();

  public ApiKeyFilter(Pool pool, CurrentPrincipal current, RateLimiter limiter, UserTokens tokens,
      EndUserTokens endUsers, ApiKeyCache keys) {
    this.resolver = keys;
    this.current = current;
    this.limiter = limiter;
    this.tokens = tokens;
    this.pool = pool;
    this.endUsers = endUsers;
  }

  @ServerRequestFilter
  public Uni<Response> authenticate(ResourceInfo info, HttpServerRequest request) {
    ApiKeyRequired required = required(info);
    if (required == null) {
      return Uni.createFrom().nullItem();
    }
    return authenticate(request, required.value(), required.publishable(), required.tokenRoles())
        .map(p -> {
          current.set(p);
          return (Response) null;
        })
        .onFailure(ProblemException.class).recoverWithItem(e -> Problem.response((ProblemException) e, request.path()));
  }

  /**
   * The principal of a presented key, or a failure with the 401/403/429 problem to answer. A
   * publishable key is accepted only where {@code publishable} allows it, from an allowed origin,
   * within its key's and its client address's rates; a user token beside it names the end-user.
   */
  public Uni<ApiPrincipal> authenticate(HttpServerRequest request, String presented, ApiScope scope,
      boolean publishable) {
    if (presented == null) {
      return Uni.createFrom().failure(ProblemException.unauthorized("send an API key as 'Authorization: Bearer <key>'"));
    }
    return resolver.resolve(presented).chain(found -> {
      ApiKeyResolver.Resolved key = found.orElseThrow(
          () -> ProblemException.unauthorized("the API key is unknown, revoked or expired"));
      ApiPrincipal p = key.principal();
      if (p.publishable()) {
        if (!publishable) {
          throw ProblemException.forbidden("a publishable key may only track events and read recommendations, "
              + "similar and trending items; this endpoint needs a secret key of scope '" + scope.dbName()
              + "' (keep it on your servers)");
        }
        String origin = request.getHeader("Origin");
        if (!Origins.allows(key.allowedOrigins(), origin)) {
          throw ProblemException.forbidden("the origin '" + origin + "' is not among the tenant's allowed origins "
              + "for publishable keys (settings: clientAccess.allowedOrigins)");
        }
      } else if (p.scope() != scope) {
        throw ProblemException.forbidden("this endpoint needs a key of scope '" + scope.dbName()
            + "', the key has '" + p.scope().dbName() + "'");
      }
      limit(p.keyId(), p.requestsPerSecond(), "the key's quota of " + p.requestsPerSecond() + " requests/s is spent");
      if (p.publishable()) {
        limit(p.keyId() + "@" + clientAddress(request), key.clientRequestsPerSecond(),
            "this client's quota of " + key.clientRequestsPerSecond() + " requests/s with a publishable key is spent");
      }
      touch(key);
      String token = p.publishable() ? request.getHeader(EndUserTokens.HEADER) : null;
      if (token == null || token.isBlank()) {
        return Uni.createFrom().item(p);
      }
      return endUsers.verify(p.tenantId(), token.trim()).map(p::withEndUser);
    });
  }

  /**
   * A presented API key of {@code scope}, or a console user's token holding one of
   * {@code tokenRoles}: for routes outside JAX-RS (streamed uploads) that the filter does not see.
   */
  public Uni<ApiPrincipal> authenticate(HttpServerRequest request, ApiScope scope, String... tokenRoles) {
    return authenticate(request, scope, false, tokenRoles);
  }

  private Uni<ApiPrincipal> authenticate(HttpServerRequest request, ApiScope scope, boolean publishable,
      String[] tokenRoles) {
    String presented = presentedKey(request);
    return UserTokens.looksLikeToken(presented)
        ? user(presented, scope, tokenRoles, request.getHeader("X-Kindred-Tenant"))
        : authenticate(request, presented, scope, publishable);
  }

  private void limit(String bucket, int perSecond, String detail) {
    long wait = limiter.acquire(bucket, perSecond);
    if (wait > 0) {
      throw new ProblemException(429, "Too many requests", detail, null, wait);
    }
  }

  /** Last-used times are written at most once a minute per key and instance, never on the latency path. */
  private void touch(ApiKeyResolver.Resolved key) {
    long now = System.currentTimeMillis();
    Instant stored = key.lastUsedAt();
    if (stored != null && now - stored.toEpochMilli() < 60_000) {
      return;
    }
    Long previous = touched.get(key.principal().keyId());
    if (previous != null && now - previous < 60_000) {
      return;
    }
    touched.put(key.principal().keyId(), now);
    resolver.touch(key.principal().keyId()).subscribe().with(ok -> { }, err -> { });
  }

  private static String clientAddress(HttpServerRequest request) {
    return request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
  }

  /**
   * A console user's token: verified, its realm roles checked against the endpoint's
   * {@code tokenRoles}, the tenant taken from the token's organization (a platform-admin names it
   * in {@code X-Kindred-Tenant}).
   */
  private Uni<ApiPrincipal> user(String token, ApiScope scope, String[] tokenRoles, String tenantHeader) {
    if (tokenRoles.length == 0) {
      return Uni.createFrom().failure(ProblemException.unauthorized("this endpoint takes an API key, not a user token"));
    }
    return Uni.createFrom().item(() -> tokens.verify(token))
        .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
        .chain(u -> {
          boolean admin = u.roles().contains(PLATFORM_ADMIN);
          if (!admin && java.util.Arrays.stream(tokenRoles).noneMatch(u.roles()::contains)) {
            throw ProblemException.forbidden("this needs one of the roles " + java.util.Arrays.toString(tokenRoles));
          }
          java.util.UUID wanted = null;
          if (tenantHeader != null) {
            try {
              wanted = java.util.UUID.fromString(tenantHeader.trim());
            } catch (IllegalArgumentException e) {
              throw ProblemException.field("X-Kindred-Tenant", "is not a tenant id (UUID)");
            }
          }
          if (admin) {
            if (wanted == null) {
              throw ProblemException.field("X-Kindred-Tenant", "a platform-admin names the tenant");
            }
            return Uni.createFrom().item(principal(wanted, u, scope));
          }
          java.util.UUID header = wanted;
          return pool.preparedQuery("SELECT tenant_id_by_slug(s) FROM unnest($1::text[]) AS s")
              .execute(io.vertx.mutiny.sqlclient.Tuple.of((Object) u.organizations().toArray(String[]::new)))
              .map(rows -> {
                java.util.List<java.util.UUID> mine = new java.util.ArrayList<>();
                rows.forEach(r -> {
                  if (r.getUUID(0) != null) {
                    mine.add(r.getUUID(0));
                  }
                });
                java.util.UUID tenant = header != null ? (mine.contains(header) ? header : null)
                    : mine.size() == 1 ? mine.get(0) : null;
                if (tenant == null) {
                  throw header != null || mine.isEmpty()
                      ? ProblemException.forbidden("the token's organization is not this tenant")
                      : ProblemException.field("X-Kindred-Tenant", "the token names several tenants: name one");
                }
                return principal(tenant, u, scope);
              });
        });
  }

  private ApiPrincipal principal(java.util.UUID tenant, UserTokens.User u, ApiScope scope) {
    ApiPrincipal p = new ApiPrincipal(tenant, USER + u.name(), scope, USER_REQUESTS_PER_SECOND);
    long wait = limiter.acquire(p.keyId(), p.requestsPerSecond());
    if (wait > 0) {
      throw new ProblemException(429, "Too many requests", "slow down", null, wait);
    }
    return p;
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
    // publishable key in the query. Only for POST, so that no GET URL with a key lands in caches,
    // and only a publishable key: a secret key in a URL would end up in logs and histories.
    String query = "POST".equals(request.method().name()) ? request.getParam("key") : null;
    return query != null && query.startsWith("kd_" + ApiScope.PUBLISHABLE.prefix() + "_") ? query : null;
  }
}
