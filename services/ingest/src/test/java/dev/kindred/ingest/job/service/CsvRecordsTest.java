package dev.kindred.ingest.job.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 reading: quotes, embedded separators and line ends, line numbers, and inputs that cannot be read on. */
class CsvRecordsTest {

  private static List<CsvRecords.Csv> read(String csv, int max) throws IOException {
    CsvRecords r = new CsvRecords(new StringReader(csv), max);
    List<CsvRecords.Csv> out = new ArrayList<>();
    CsvRecords.Csv c;
    while ((c = r.next()) != null) {
      out.add(c);
    }
    return out;
  }

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaksAndLinesAreCounted() throws IOException {
    var rows = read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nlast,,\n", 1000);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).fields()).containsExactly("x, y", "say \"hi\"", "two\r\nlines");
    assertThat(rows.get(1).line()).isEqualTo(2);
    assertThat(rows.get(2).line()).isEqualTo(5);   // the quoted line break and the blank line count
    assertThat(rows.get(2).fields()).containsExactly("last", "", "");
  }

  @Test
  void aFileWithoutAFinalLineEndStillYieldsItsLastRecord() throws IOException {
    assertThat(read("id,title\n1,One", 1000)).extracting(CsvRecords.Csv::fields)
        .containsExactly(List.of("id", "title"), List.of("1", "One"));
  }

  @Test
  void textAfterAClosingQuoteIsRefusedWithItsLine() {
    assertThatThrownBy(() -> read("id,title\n1,\"One\"x\n", 1000))
        .isInstanceOf(CsvRecords.Broken.class).hasMessageContaining("line 2");
  }

  @Test
  void anUnclosedQuoteCannotSwallowMoreThanTheRecordCap() {
    assertThatThrownBy(() -> read("id,title\n1,\"" + "x".repeat(5000) + "\n2,Two\n", 1000))
        .isInstanceOf(CsvRecords.Broken.class).hasMessageContaining("longer than 1000");
    assertThatThrownBy(() -> read("id,title\n1,\"open\n2,Two\n", 1000))
        .isInstanceOf(CsvRecords.Broken.class).hasMessageContaining("never closed");
  }
}
