package dev.kindred.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CQRS kept: only the event store's code touches the {@code events} table. Every other service's
 * production code reads a read model or goes through {@link EventStore} / {@link EventQueries}.
 * (The benchmarks, which reset and inspect a stack from outside, and the migrations are not
 * services' code.)
 */
class EventTableOwnershipTest {

  /** SQL that names the table: FROM / JOIN / INTO / UPDATE / DELETE FROM events. */
  private static final Pattern TOUCHES_EVENTS = Pattern.compile("(?i)\\b(from|join|into|update)\\s+events\\b(?!_)");
  private static final Path ROOT = Path.of("../../..").toAbsolutePath().normalize();
  private static final Path STORE = ROOT.resolve("services/libs/eventstore");

  @Test
  void onlyTheEventStoreTouchesTheEventsTable() throws IOException {
    assertThat(ROOT.resolve("migrations")).isDirectory();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(ROOT.resolve("services"))) {
      sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList();
    }
    // The scan sees the services' code, and the pattern finds the store's own statements.
    assertThat(sources).hasSizeGreaterThan(200);
    assertThat(sources.stream().filter(f -> f.startsWith(STORE)).filter(EventTableOwnershipTest::touches)).isNotEmpty();
    List<Path> outside = sources.stream().filter(f -> !f.startsWith(STORE)).filter(EventTableOwnershipTest::touches)
        .map(ROOT::relativize).toList();
    assertThat(outside).as("production code outside the event store that touches the events table").isEmpty();
  }

  private static boolean touches(Path file) {
    try {
      return TOUCHES_EVENTS.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
