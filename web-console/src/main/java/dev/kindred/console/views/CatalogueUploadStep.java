package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.shared.Registration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Step 3 of onboarding: a catalogue file (CSV or NDJSON) and its import job's progress. Fires
 * {@link FileReceived} with the uploaded file; shows whatever job state it is given.
 */
class CatalogueUploadStep extends VerticalLayout {

  static final int MAX_MEGABYTES = 200;
  private final ProgressBar bar = new ProgressBar();
  private final Span status = new Span();
  private final Grid<JsonNode> errors = new Grid<>();

  CatalogueUploadStep() {
    setPadding(false);
    Upload upload = new Upload(UploadHandler.toTempFile((meta, file) ->
        fireEvent(new FileReceived(this, file.toPath(), meta.fileName()))));
    upload.setId("catalogue-upload");
    upload.setMaxFiles(1);
    upload.setMaxFileSize(MAX_MEGABYTES * 1024 * 1024);
    upload.setAcceptedFileTypes(".csv", ".ndjson", ".jsonl", "text/csv", "application/x-ndjson");
    upload.setDropLabel(new Span("CSV (header: id,title,description,categories,… — lists split by |) or NDJSON, up to "
        + MAX_MEGABYTES + " MB"));
    bar.setId("import-progress");
    bar.setVisible(false);
    status.setId("import-status");
    errors.setId("import-errors");
    errors.addColumn(e -> e.path("index").asText("")).setHeader("Line").setAutoWidth(true);
    errors.addColumn(e -> e.path("field").asText("")).setHeader("Field").setAutoWidth(true);
    errors.addColumn(e -> e.path("detail").asText()).setHeader("Problem").setFlexGrow(4);
    errors.setAllRowsVisible(true);
    errors.setVisible(false);
    add(new Paragraph("Each row becomes an item; a row with a problem is skipped and listed below with its line, "
        + "the rest are imported. Items are embedded by the worker as they arrive."), upload, bar, status, errors);
  }

  static boolean isCsv(String fileName) {
    return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /** The import job as ingest reports it: a bar (indeterminate until the rows are counted), counts, problems. */
  void show(JsonNode job) {
    bar.setVisible(true);
    long total = job.path("total").asLong(0);
    long processed = job.path("processed").asLong();
    String state = job.path("status").asText();
    boolean running = "RUNNING".equals(state);
    bar.setIndeterminate(running && total == 0);
    bar.setValue(total > 0 ? Math.min(1.0, processed / (double) total) : running ? 0 : 1);
    status.setText(state + " · " + processed + (total > 0 ? " of " + total : "") + " rows · "
        + job.path("accepted").asLong() + " items imported · " + job.path("rejected").asLong() + " rows rejected");
    List<JsonNode> problems = new ArrayList<>();
    job.path("errors").forEach(problems::add);
    errors.setItems(problems);
    errors.setVisible(!problems.isEmpty());
  }

  void failed(String why) {
    status.setText("Not imported: " + why);
  }

  Registration onFile(ComponentEventListener<FileReceived> listener) {
    return addListener(FileReceived.class, listener);
  }

  static final class FileReceived extends ComponentEvent<CatalogueUploadStep> {
    final Path file;
    final String fileName;

    FileReceived(CatalogueUploadStep source, Path file, String fileName) {
      super(source, false);
      this.file = file;
      this.fileName = fileName;
    }
  }
}
