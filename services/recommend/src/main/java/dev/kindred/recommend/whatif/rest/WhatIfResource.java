package dev.kindred.recommend.whatif.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.recommend.serving.ConsoleReads;
import dev.kindred.recommend.serving.Requests;
import dev.kindred.recommend.whatif.service.WhatIfService;
import dev.kindred.recommend.whatif.service.WhatIfService.Hypothetical;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.FieldError;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.JsonBodies;
import dev.kindred.web.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/users/{id}/what-if} with {@code {"events":[{"type":"view","itemId":"…"}],
 * "statedInterest":"…","count":10}}: the feed now and after the hypothesis; nothing is stored or
 * logged as shown. Console looks are audited like other reads of a user.
 */
@Path("/v1/users/{userId}/what-if")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst", "privacy-officer"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class WhatIfResource {

  static final int MAX_EVENTS = 20;
  static final int MAX_TEXT = 300;
  static final Set<String> TYPES = Set.of("view", "click", "add_to_cart", "purchase", "rating", "like", "dislike",
      "not_interested");
  private final WhatIfService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;
  private final ConsoleReads console;

  public WhatIfResource(WhatIfService service, CurrentPrincipal principal, BodyLimitFilter limits, ConsoleReads console) {
    this.service = service;
    this.principal = principal;
    this.limits = limits;
    this.console = console;
  }

  @POST
  public WhatIfService.Answer post(@PathParam("userId") String userId, String body) {
    Requests.userId(userId);
    JsonNode node = JsonBodies.parse(body, limits.maxBytes());
    if (!node.isObject()) {
      throw ProblemException.badRequest("the body must be a JSON object", null);
    }
    List<FieldError> errors = new ArrayList<>();
    List<Hypothetical> events = new ArrayList<>();
    JsonNode list = node.path("events");
    if (!list.isMissingNode() && !list.isNull() && (!list.isArray() || list.size() > MAX_EVENTS)) {
      errors.add(FieldError.of("events", "must be an array of at most " + MAX_EVENTS + " events"));
    } else if (list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode e = list.get(i);
        String type = e.path("type").asText("");
        String item = e.path("itemId").asText("");
        Double rating = e.path("rating").isNumber() ? e.path("rating").asDouble() : null;
        if (!TYPES.contains(type)) {
          errors.add(FieldError.of("events[" + i + "].type", "must be one of " + new java.util.TreeSet<>(TYPES)));
        }
        if (item.isBlank() || item.length() > 256) {
          errors.add(FieldError.of("events[" + i + "].itemId", "is required, at most 256 characters"));
        }
        if ("rating".equals(type) && (rating == null || rating < 0 || rating > 5)) {
          errors.add(FieldError.of("events[" + i + "].rating", "a rating event needs a rating from 0 to 5"));
        }
        events.add(new Hypothetical(type, item, rating));
      }
    }
    JsonNode text = node.path("statedInterest");
    if (!text.isMissingNode() && !text.isNull() && (!text.isTextual() || text.asText().length() > MAX_TEXT)) {
      errors.add(FieldError.of("statedInterest", "must be a text of at most " + MAX_TEXT + " characters"));
    }
    int count = node.path("count").asInt(10);
    if (count < 1 || count > 50) {
      errors.add(FieldError.of("count", "must be between 1 and 50"));
    }
    String stated = text.isTextual() ? text.asText() : null;
    if (errors.isEmpty() && events.isEmpty() && (stated == null || stated.isBlank())) {
      errors.add(FieldError.of("events", "give at least one event or a statedInterest"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("the hypothesis cannot be applied as sent", errors);
    }
    WhatIfService.Answer answer = service.preview(principal.get().tenantId(), userId, events, stated, count);
    console.audit(principal.get().tenantId(), userId, "what-if");
    return answer;
  }
}
