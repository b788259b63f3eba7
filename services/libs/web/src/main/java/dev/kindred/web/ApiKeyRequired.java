package dev.kindred.web;

import dev.kindred.tenancy.ApiScope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a resource as authenticated by a tenant API key of the given scope. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ApiKeyRequired {
  ApiScope value();

  /**
   * Keycloak realm roles whose holders may call this with their own access token instead of a key
   * (the web console does, tenant taken from the token's organization); none: keys only.
   */
  String[] tokenRoles() default {};

  /**
   * Whether a publishable key (held by a web page or app) may call this too. Such a caller may
   * name only an anonymous id or the user its token names: the resource checks every user id it
   * is given with {@link CurrentPrincipal#requireActFor}.
   */
  boolean publishable() default false;
}
