package dev.kindred.ingest.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kindred.tenancy.FieldError;
import dev.kindred.web.Problem;
import dev.kindred.web.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The answer to a batch: per entry whether it was stored, a duplicate, or rejected (with the
 * fields). 200 when nothing was rejected, 207 when some entries were stored and some rejected,
 * and a 400 problem document when nothing could be stored.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BatchResult(int accepted, int duplicates, int rejected, int dropped, List<Entry> results,
    List<FieldError> errors) {

  /** One entry of the batch, by its index. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Entry(int index, String id, String status, List<String> warnings) {}

  public static final String STORED = "accepted";
  public static final String DUPLICATE = "duplicate";
  public static final String REJECTED = "rejected";
  /** Valid, but not stored: the user withdrew both consents and the tenant keeps no such behaviour. */
  public static final String DROPPED = "dropped";

  public static BatchResult of(List<Entry> results, List<FieldError> errors) {
    int a = 0;
    int d = 0;
    int r = 0;
    int x = 0;
    for (Entry e : results) {
      switch (e.status()) {
        case STORED -> a++;
        case DUPLICATE -> d++;
        case DROPPED -> x++;
        default -> r++;
      }
    }
    return new BatchResult(a, d, r, x, results, errors);
  }

  public Response toResponse(String path) {
    if (rejected == 0) {
      return Response.ok(this).build();
    }
    if (accepted + duplicates + dropped > 0) {
      return Response.status(207).entity(this).build();
    }
    return Problem.response(ProblemException.badRequest(
        "no entry of the batch was valid; see errors (field and index)", errors), path);
  }
}
