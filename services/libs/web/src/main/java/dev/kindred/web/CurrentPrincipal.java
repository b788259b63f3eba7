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

  public ApiPrincipal get() {
    if (principal == null) {
      throw ProblemException.unauthorized("an API key is required");
    }
    return principal;
  }
}
