package dev.kindred.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.kindred.tenancy.FieldError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into problem+json; no stack trace ever reaches a client. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpServerRequest req) {
    return Problem.response(e, req.path());
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, HttpServerRequest req) {
    String field = e instanceof JsonMappingException m ? path(m) : null;
    String detail = e.getOriginalMessage();
    List<FieldError> errors = field == null ? List.of() : List.of(FieldError.of(field, detail));
    return Problem.response(ProblemException.badRequest(
        (field == null ? "malformed JSON: " : field + ": ") + detail, errors), req.path());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpServerRequest req) {
    int status = e.getResponse().getStatus();
    String title = Response.Status.fromStatusCode(status) == null ? "Error"
        : Response.Status.fromStatusCode(status).getReasonPhrase();
    return Problem.response(new ProblemException(status, title, e.getMessage(), null, null), req.path());
  }

  /** kindred.eventlog=kafka and the broker did not acknowledge: nothing was accepted, retrying is safe. */
  @ServerExceptionMapper
  public Response eventLog(dev.kindred.eventstore.log.KafkaEventLog.EventLogUnavailableException e, HttpServerRequest req) {
    LOG.warnf("event log unavailable on %s %s: %s", req.method(), req.path(), e.getMessage());
    return Problem.response(new ProblemException(503, "Event log unavailable",
        "the event log did not acknowledge the events; none of them was accepted, retry later", null, 5L), req.path());
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest req) {
    LOG.errorf(e, "unexpected failure on %s %s", req.method(), req.path());
    return Problem.response(new ProblemException(500, "Internal error",
        "the request failed unexpectedly; it was logged", null, null), req.path());
  }

  static String path(JsonMappingException m) {
    return m.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }
}
