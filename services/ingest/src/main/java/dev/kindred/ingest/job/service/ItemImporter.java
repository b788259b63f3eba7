package dev.kindred.ingest.job.service;

import dev.kindred.ingest.job.repository.JobRepository;

import dev.kindred.events.ItemUpserted;
import dev.kindred.ingest.catalogue.service.CatalogueService;
import dev.kindred.ingest.catalogue.service.ItemValidator;
import dev.kindred.tenancy.FieldError;
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
 * Imports an uploaded catalogue file (NDJSON or CSV, see {@link ItemRows}) in batches of 500,
 * reporting progress on the job after each batch. Invalid rows are counted and the first 100
 * reported with their line number; they never stop the import. A CSV that cannot be read on
 * (an unclosed quote) ends the job FAILED after keeping the rows before it.
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

  /** Runs on a worker thread; deletes the file when done. {@code format}: {@code ndjson} or {@code csv}. */
  public void run(UUID tenantId, UUID jobId, Path file, String format) {
    long processed = 0;
    long accepted = 0;
    long rejected = 0;
    List<FieldError> errors = new ArrayList<>();
    Map<String, ItemUpserted> batch = new LinkedHashMap<>();
    countRows(tenantId, jobId, file, format);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ItemRows rows = ItemRows.of(format, in);
      ItemRows.Row row;
      while ((row = rows.next()) != null) {
        processed++;
        List<FieldError> rowErrors = parseInto(row, batch);
        if (!rowErrors.isEmpty()) {
          rejected++;
          for (FieldError e : rowErrors) {
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
    } catch (CsvRecords.Broken e) {
      // Rows before the break stay imported (and are counted); the job says where reading stopped.
      accepted += flushQuietly(tenantId, batch);
      errors.add(new FieldError("", e.getMessage(), e.line));
      jobs.progressBlocking(tenantId, jobId, processed, accepted, rejected, errors, "FAILED");
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

  /**
   * A first pass that only counts the rows, so the job can show a true progress bar. Reading the
   * staged file twice costs far less than writing its items; a file that cannot be read to the end
   * is left without a total and the real pass reports why.
   */
  private void countRows(UUID tenantId, UUID jobId, Path file, String format) {
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ItemRows rows = ItemRows.of(format, in);
      while (rows.next() != null) {
        n++;
      }
    } catch (Exception e) {
      return;
    }
    jobs.totalBlocking(tenantId, jobId, n);
  }

  private static List<FieldError> parseInto(ItemRows.Row row, Map<String, ItemUpserted> batch) {
    if (row.error() != null) {
      return List.of(new FieldError("", row.error(), row.line()));
    }
    ItemValidator.Outcome o = ItemValidator.validate(row.item(), row.line());
    if (o.item() == null) {
      return o.errors();
    }
    batch.remove(o.item().itemId()); // a later row for the same id replaces an earlier one
    batch.put(o.item().itemId(), o.item());
    return List.of();
  }

  private long flushQuietly(UUID tenantId, Map<String, ItemUpserted> batch) {
    try {
      return flush(tenantId, batch);
    } catch (Exception e) {
      LOG.errorf(e, "writing the rows before a broken CSV record failed");
      return 0;
    }
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
