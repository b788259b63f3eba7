package dev.kindred.web;

import dev.kindred.tenancy.ApiPrincipal;
import jakarta.enterprise.context.RequestScoped;

/** The API principal of the current request, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentPrincipal {
  private ApiPrincipal principal;

  void set(ApiPrincipal principal) {
    this.principal = principal;
  }

  /**
   * A publishable-key caller proved who its end-user is in the body (a beacon's {@code userToken},
   * verified by the caller): it acts for that user from now on in this request.
   */
  public void actAs(String endUser) {
    ApiPrincipal p = get();
    if (p.publishable() && p.endUser() == null) {
      principal = p.withEndUser(endUser);
    }
  }

  /**
   * Refuses a publishable-key caller naming a user that is neither an anonymous id nor the user its
   * token names: 401 without a token (one is needed), 403 with another user's token. Secret keys and
   * console users may name any user of their tenant.
   */
  public void requireActFor(String userId, String field) {
    ApiPrincipal p = get();
    if (p.mayActFor(userId)) {
      return;
    }
    throw p.endUser() == null
        ? new ProblemException(401, "Unauthorized", "a publishable key acts for an anonymous id (anon-…) or, with a user "
            + "token (header " + EndUserTokens.HEADER + "), for the user it names; '" + field + "' names neither", null, null)
        : ProblemException.forbidden("the user token is for another user than '" + field + "' names");
  }

  /** Like {@link #requireActFor} but an anonymous id is not enough: the caller must hold that user's token (or a secret key). */
  public void requireTokenFor(String userId, String field) {
    ApiPrincipal p = get();
    if (!p.publishable() || p.isTokenUser(userId)) {
      return;
    }
    throw p.endUser() == null
        ? new ProblemException(401, "Unauthorized", "this needs the user's token (header " + EndUserTokens.HEADER
            + ") with a publishable key", null, null)
        : ProblemException.forbidden("the user token is for another user than '" + field + "' names");
  }

  public ApiPrincipal get() {
    if (principal == null) {
      throw ProblemException.unauthorized("an API key is required");
    }
    return principal;
  }
}
