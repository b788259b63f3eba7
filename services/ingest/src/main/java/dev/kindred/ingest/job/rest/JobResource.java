package dev.kindred.ingest.job.rest;

import dev.kindred.ingest.job.repository.JobRepository;
import dev.kindred.ingest.job.repository.JobRepository.Job;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Progress of a job this tenant started; other tenants' jobs are 404. */
@Path("/v1/jobs")
@ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = "tenant-admin")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
  private final JobRepository jobs;
  private final CurrentPrincipal principal;

  public JobResource(JobRepository jobs, CurrentPrincipal principal) {
    this.jobs = jobs;
    this.principal = principal;
  }

  @GET
  @Path("{id}")
  public Uni<Job> get(@PathParam("id") String id) {
    UUID jobId;
    try {
      jobId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.field("id", "is not a job id (UUID)");
    }
    return jobs.find(principal.get().tenantId(), jobId)
        .map(j -> j.orElseThrow(() -> ProblemException.notFound("no such job")));
  }
}
