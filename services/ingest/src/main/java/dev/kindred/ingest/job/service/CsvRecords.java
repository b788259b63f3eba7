package dev.kindred.ingest.job.service;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: comma-separated, fields in double quotes may hold
 * commas, line breaks and doubled quotes; CRLF or LF line ends. Constant memory apart from one
 * record, which is capped so an unclosed quote cannot swallow a whole upload.
 */
final class CsvRecords {
  /** A record and the line it starts on (1-based), for error reports. */
  record Csv(int line, List<String> fields) {}

  /** The input is not CSV from here on; there is no way to find the next record. */
  static final class Broken extends IOException {
    final int line;

    Broken(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  private final Reader in;
  private final int maxRecordChars;
  private int line = 1;
  private int pushedBack = -2;

  CsvRecords(Reader in, int maxRecordChars) {
    this.in = in;
    this.maxRecordChars = maxRecordChars;
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  Csv next() throws IOException {
    while (true) {
      int c = read();
      if (c == -1) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        endOfLine(c);
        continue;
      }
      unread(c);
      return record();
    }
  }

  private Csv record() throws IOException {
    int start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int size = 0;
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (++size > maxRecordChars) {
        throw new Broken(start, "the record starting on line " + start + " is longer than " + maxRecordChars
            + " characters (an unclosed quote?)");
      }
      if (quoted) {
        if (c == -1) {
          throw new Broken(start, "the quoted field starting on line " + start + " is never closed");
        } else if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
          } else {
            quoted = false;
            unread(d);
          }
        } else {
          if (c == '\n' || (c == '\r')) {
            line++;
            if (c == '\r') {
              int d = read();
              if (d != '\n') {
                unread(d);
              } else {
                field.append('\r');
                c = '\n';
              }
            }
          }
          field.append((char) c);
        }
        continue;
      }
      if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == -1 || c == '\r' || c == '\n') {
        fields.add(field.toString());
        if (c != -1) {
          endOfLine(c);
        }
        return new Csv(start, fields);
      } else if (wasQuoted) {
        throw new Broken(line, "line " + line + ": text after a closing quote (a quote inside a quoted field is written \"\")");
      } else {
        field.append((char) c);
      }
    }
  }

  private void endOfLine(int c) throws IOException {
    line++;
    if (c == '\r') {
      int d = read();
      if (d != '\n') {
        unread(d);
      }
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
