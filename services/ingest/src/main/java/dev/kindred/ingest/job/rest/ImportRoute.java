package dev.kindred.ingest.job.rest;

import dev.kindred.ingest.job.service.ItemImporter;
import dev.kindred.ingest.job.repository.JobRepository;
import dev.kindred.tenancy.ApiPrincipal;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyFilter;
import dev.kindred.web.Problem;
import dev.kindred.web.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /v1/items:import}: streams an NDJSON or CSV body of any size to a temporary file (constant
 * memory), answers 202 with the job, then imports it in the background. A plain Vert.x route, not a
 * REST resource, because REST bodies are buffered in memory.
 */
@ApplicationScoped
public class ImportRoute {
  /** Console users who may load a catalogue with their own token (the onboarding wizard). */
  static final String[] ONBOARDING_ROLES = {"tenant-admin"};
  private final ApiKeyFilter auth;
  private final JobRepository jobs;
  private final ItemImporter importer;
  private final Path dir;
  private final Vertx vertx;
  // One import at a time per instance keeps two cores free for serving traffic.
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "kindred-import"));

  public ImportRoute(ApiKeyFilter auth, JobRepository jobs, ItemImporter importer, Vertx vertx,
      @ConfigProperty(name = "kindred.ingest.import-dir") String dir) {
    this.auth = auth;
    this.jobs = jobs;
    this.importer = importer;
    this.vertx = vertx;
    this.dir = Path.of(dir);
  }

  void register(@Observes Router router) {
    // Matched by hand: ':' is path-parameter syntax for Vert.x, and clients may send it as %3A.
    router.route().order(-1000).handler(ctx -> {
      String path = ctx.request().path();
      if (ctx.request().method() == HttpMethod.POST
          && ("/v1/items:import".equals(path) || "/v1/items%3Aimport".equalsIgnoreCase(path))) {
        handle(ctx);
      } else {
        ctx.next();
      }
    });
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    auth.authenticate(req, ApiScope.INGEST, ONBOARDING_ROLES).subscribe().with(
        p -> receive(ctx, p),
        e -> fail(ctx, e instanceof ProblemException pe ? pe
            : new ProblemException(500, "Internal error", "authentication failed unexpectedly", null, null)));
  }

  /** CSV when the upload says so (Content-Type text/csv or ?format=csv); NDJSON otherwise. */
  static String format(HttpServerRequest req) {
    String type = req.getHeader("Content-Type");
    boolean csv = "csv".equalsIgnoreCase(req.getParam("format"))
        || (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv"));
    return csv ? "csv" : "ndjson";
  }

  private void receive(RoutingContext ctx, ApiPrincipal p) {
    UUID jobId = UUID.randomUUID();
    String format = format(ctx.request());
    Path file;
    try {
      Files.createDirectories(dir);
      file = dir.resolve(jobId + "." + format);
    } catch (Exception e) {
      fail(ctx, new ProblemException(500, "Internal error", "cannot stage the upload", null, null));
      return;
    }
    vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreate(true))
        .compose(f -> ctx.request().pipeTo(f))
        .onFailure(e -> fail(ctx, ProblemException.badRequest("the upload broke off: " + e.getMessage(), null)))
        .onSuccess(v -> jobs.create(p.tenantId(), jobId, "item-import").subscribe().with(ok -> {
          worker.submit(() -> importer.run(p.tenantId(), jobId, file, format));
          ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
              .putHeader("Location", "/v1/jobs/" + jobId)
              .end(Json.encode(Map.of("jobId", jobId.toString(), "status", "RUNNING", "statusUrl", "/v1/jobs/" + jobId)));
        }, e -> fail(ctx, new ProblemException(500, "Internal error", "cannot create the job", null, null))));
  }

  private static void fail(RoutingContext ctx, ProblemException e) {
    if (ctx.response().ended()) {
      return;
    }
    var resp = ctx.response().setStatusCode(e.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
    if (e.retryAfterSeconds() != null) {
      resp.putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
    resp.end(Json.encode(Problem.of(e, ctx.request().path())));
  }
}
