package dev.kindred.recommend.rerank.rest;

import dev.kindred.recommend.rerank.service.RerankService;
import dev.kindred.recommend.serving.Requests;
import dev.kindred.recommend.serving.Served;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Personalises a list the tenant already has (e.g. search results). */
@Path("/v1/rerank")
@ApiKeyRequired(ApiScope.SERVE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RerankResource {

  static final int MAX_ITEMS = 500;
  private final RerankService service;
  private final CurrentPrincipal principal;

  public record RerankRequest(String userId, List<String> itemIds) {
  }

  public RerankResource(RerankService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @POST
  public Served rerank(RerankRequest body) {
    if (body == null) {
      throw ProblemException.field("body", "a JSON object {userId, itemIds} is required");
    }
    Requests.userId(body.userId());
    if (body.itemIds() == null || body.itemIds().isEmpty() || body.itemIds().size() > MAX_ITEMS) {
      throw ProblemException.field("itemIds", "must list 1-" + MAX_ITEMS + " item ids");
    }
    for (int i = 0; i < body.itemIds().size(); i++) {
      Requests.itemId("itemIds[" + i + "]", body.itemIds().get(i));
    }
    return service.rerank(principal.get().tenantId(), body.userId(), body.itemIds());
  }
}
