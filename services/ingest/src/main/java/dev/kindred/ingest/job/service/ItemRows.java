package dev.kindred.ingest.job.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindred.web.JsonBodies;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The items of an uploaded catalogue file, one JSON object per item whatever the file's format, so
 * that one validator judges them all. NDJSON: one object per line. CSV: a header row naming the
 * columns {@code id, title, description, categories, tags, available, imageUrl}; lists are
 * separated by {@code |}; any other column becomes a string attribute (a leading
 * {@code attributes.} is dropped).
 */
abstract class ItemRows {
  /** One item to validate, or the reason the row is not one. */
  record Row(int line, JsonNode item, String error) {}

  static final String CSV = "csv";
  static final String NDJSON = "ndjson";
  private static final String ATTRIBUTE_PREFIX = "attributes.";
  private static final int MAX_RECORD_CHARS = 256 * 1024;
  private static final Set<String> LIST_COLUMNS = Set.of("categories", "tags");
  private static final Set<String> TEXT_COLUMNS = Set.of("id", "title", "description", "imageUrl");

  /** The next row, or null at the end. Throws {@link CsvRecords.Broken} when the rest cannot be read. */
  abstract Row next() throws IOException;

  static ItemRows of(String format, BufferedReader in) throws IOException {
    return CSV.equals(format) ? new Csv(in) : new NdJson(in);
  }

  private static final class NdJson extends ItemRows {
    private final BufferedReader in;
    private int lineNo;

    NdJson(BufferedReader in) {
      this.in = in;
    }

    @Override
    Row next() throws IOException {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          return new Row(lineNo, JsonBodies.MAPPER.readTree(line), null);
        } catch (Exception e) {
          return new Row(lineNo, null, "line " + lineNo + " is not valid JSON");
        }
      }
      return null;
    }
  }

  private static final class Csv extends ItemRows {
    private final CsvRecords records;
    private final List<String> columns = new ArrayList<>();

    Csv(BufferedReader in) throws IOException {
      records = new CsvRecords(in, MAX_RECORD_CHARS);
      CsvRecords.Csv header = records.next();
      if (header == null) {
        throw new CsvRecords.Broken(1, "the CSV file is empty: its first row must name the columns");
      }
      Set<String> seen = new HashSet<>();
      for (String raw : header.fields()) {
        String name = canonical(raw.strip().replace("\uFEFF", ""));
        if (name.isEmpty() || name.equals(ATTRIBUTE_PREFIX) || !seen.add(name)) {
          throw new CsvRecords.Broken(1, "header column '" + raw + "' is empty or repeated");
        }
        columns.add(name);
      }
      if (!seen.contains("id") || !seen.contains("title")) {
        throw new CsvRecords.Broken(1, "the header must name the columns 'id' and 'title' (it has " + columns + ")");
      }
    }

    @Override
    Row next() throws IOException {
      CsvRecords.Csv r = records.next();
      if (r == null) {
        return null;
      }
      if (r.fields().size() != columns.size()) {
        return new Row(r.line(), null, "line " + r.line() + " has " + r.fields().size() + " fields, the header "
            + columns.size());
      }
      ObjectNode item = JsonBodies.MAPPER.createObjectNode();
      ObjectNode attributes = JsonBodies.MAPPER.createObjectNode();
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i);
        String value = r.fields().get(i);
        if (value.isEmpty()) {
          continue; // an empty cell is an absent value
        }
        if (name.startsWith(ATTRIBUTE_PREFIX)) {
          attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), value);
        } else if (TEXT_COLUMNS.contains(name)) {
          item.put(name, value);
        } else if (LIST_COLUMNS.contains(name)) {
          ArrayNode list = item.putArray(name);
          for (String part : value.split("\\|")) {
            if (!part.isBlank()) {
              list.add(part.strip());
            }
          }
        } else if ("available".equals(name)) {
          Boolean b = bool(value);
          if (b == null) {
            return new Row(r.line(), null, "line " + r.line() + ": 'available' must be true/false, yes/no or 1/0");
          }
          item.put(name, b);
        } else {
          attributes.put(name, value);
        }
      }
      if (!attributes.isEmpty()) {
        item.set("attributes", attributes);
      }
      return new Row(r.line(), item, null);
    }

    private static String canonical(String column) {
      return "imageurl".equalsIgnoreCase(column) ? "imageUrl" : column;
    }

    private static Boolean bool(String v) {
      return switch (v.strip().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> Boolean.TRUE;
        case "false", "no", "0" -> Boolean.FALSE;
        default -> null;
      };
    }
  }
}
