package dev.kindred.control.security;

import dev.kindred.web.Problem;
import dev.kindred.web.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Authentication failures as problem+json like every other error. Authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}) so that these reach the REST layer at all.
 */
public class AuthProblemMappers {

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, HttpServerRequest req) {
    Response r = Problem.response(ProblemException.unauthorized(
        "a valid bearer token from Keycloak (realm kindred) is required"), req.path());
    return Response.fromResponse(r).header("WWW-Authenticate", "Bearer").build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpServerRequest req) {
    return Problem.response(ProblemException.forbidden("the token lacks the role this needs"), req.path());
  }
}
