package dev.kindred.ingest.job.service;

import dev.kindred.ingest.job.repository.JobRepository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.ItemUpserted;
import dev.kindred.ingest.catalogue.service.CatalogueService;
import dev.kindred.ingest.catalogue.service.ItemValidator;
import dev.kindred.tenancy.FieldError;
import dev.kindred.web.JsonBodies;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Imports an uploaded NDJSON file (one item per line) in batches of 500, reporting progress on
 * the job after each batch. Invalid lines are counted and the first 100 reported with their line
 * number; they never stop the import.
 */
@ApplicationScoped
public class ItemImporter {
  private static final Logger LOG = Logger.getLogger(ItemImporter.class);
  private static final int BATCH = 500;
  private static final int MAX_REPORTED_ERRORS = 100;
  private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);

  private final CatalogueService catalogue;
  private final JobRepository jobs;

  public ItemImporter(CatalogueService catalogue, JobRepository jobs) {
    this.catalogue = catalogue;
    this.jobs = jobs;
  }

  /** Runs on a worker thread; deletes the file when done. */
  public void run(UUID tenantId, UUID jobId, Path file) {
    long processed = 0;
    long accepted = 0;
    long rejected = 0;
    List<FieldError> errors = new ArrayList<>();
    Map<String, ItemUpserted> batch = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        processed++;
        List<FieldError> lineErrors = parseInto(line, lineNo, batch);
        if (!lineErrors.isEmpty()) {
          rejected++;
          for (FieldError e : lineErrors) {
            if (errors.size() < MAX_REPORTED_ERRORS) {
              errors.add(e);
            }
          }
        }
        if (batch.size() >= BATCH) {
          accepted += flush(tenantId, batch);
          jobs.progressBlocking(tenantId, jobId, processed, accepted, rejected, errors, "RUNNING");
        }
      }
      accepted += flush(tenantId, batch);
      jobs.progressBlocking(tenantId, jobId, processed, accepted, rejected, errors, "COMPLETED");
    } catch (Exception e) {
      LOG.errorf(e, "import job %s failed", jobId);
      errors.add(FieldError.of("", "the import stopped: " + e.getMessage()));
      jobs.progressBlocking(tenantId, jobId, processed, accepted, rejected, errors, "FAILED");
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (Exception ignored) {
        // a leftover temp file is harmless; the directory is per-service
      }
    }
  }

  private static List<FieldError> parseInto(String line, int lineNo, Map<String, ItemUpserted> batch) {
    JsonNode node;
    try {
      node = JsonBodies.MAPPER.readTree(line);
    } catch (Exception e) {
      return List.of(new FieldError("", "line " + lineNo + " is not valid JSON", lineNo));
    }
    ItemValidator.Outcome o = ItemValidator.validate(node, lineNo);
    if (o.item() == null) {
      return o.errors();
    }
    batch.remove(o.item().itemId()); // a later line for the same id replaces an earlier one
    batch.put(o.item().itemId(), o.item());
    return List.of();
  }

  private long flush(UUID tenantId, Map<String, ItemUpserted> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    int n = batch.size();
    catalogue.write(tenantId, List.copyOf(batch.values())).await().atMost(WRITE_TIMEOUT);
    batch.clear();
    return n;
  }
}
