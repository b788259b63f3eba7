package dev.kindred.tenancy;

import java.util.UUID;

/**
 * The tenant and scope an authenticated key acts for, with the tenant's request quota. With a
 * publishable key, {@code endUser} is the user id a valid user token named (null: an anonymous
 * visitor); with a secret key or a console user's token it is null and any user may be named.
 */
public record ApiPrincipal(UUID tenantId, String keyId, ApiScope scope, int requestsPerSecond, String endUser) {

  public ApiPrincipal(UUID tenantId, String keyId, ApiScope scope, int requestsPerSecond) {
    this(tenantId, keyId, scope, requestsPerSecond, null);
  }

  public boolean publishable() {
    return scope == ApiScope.PUBLISHABLE;
  }

  /**
   * Whether this caller may read or write data of {@code userId}: a secret key any user of its
   * tenant; a publishable key only an anonymous id ({@link AnonymousIds}) or the user its token names.
   */
  public boolean mayActFor(String userId) {
    return !publishable() || (userId != null && (userId.equals(endUser) || AnonymousIds.is(userId)));
  }

  /** Whether this caller may act for {@code userId} only because it holds that user's token (not anonymous). */
  public boolean isTokenUser(String userId) {
    return publishable() && userId != null && userId.equals(endUser);
  }

  public ApiPrincipal withEndUser(String user) {
    return new ApiPrincipal(tenantId, keyId, scope, requestsPerSecond, user);
  }
}
