package dev.kindred.console.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.browserless.BrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.progressbar.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The console's forms and panels without a browser (Vaadin browserless testing): what each fires,
 * and how it shows what the services answer. The views' wiring to the services is covered by the
 * browser tests in e2e-tests.
 */
@ViewPackages(packages = "dev.kindred.console.none")
class ConsoleComponentsTest extends BrowserlessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theNewTenantFormFiresItsValuesAndCannotCreateTwice() {
    NewTenantForm form = new NewTenantForm();
    UI.getCurrent().add(form);
    AtomicReference<String> fired = new AtomicReference<>();
    form.onCreate(e -> {
      fired.set(e.name() + "|" + e.slug() + "|" + e.adminEmail());
      form.done();
    });
    test(form.name).setValue("Shop");
    test(form.slug).setValue("shop");
    test(form.adminEmail).setValue("a@shop.example");
    test(form.create).click();
    assertThat(fired.get()).isEqualTo("Shop|shop|a@shop.example");
    assertThat(form.create.isEnabled()).isFalse();
    assertThat(form.name.isReadOnly()).isTrue();
  }

  @Test
  void theUploadStepShowsAProgressBarCountsAndRejectedRowsByLine() {
    CatalogueUploadStep step = new CatalogueUploadStep();
    UI.getCurrent().add(step);
    step.show(json("{\"status\":\"RUNNING\",\"processed\":500,\"total\":2000,\"accepted\":499,\"rejected\":1,"
        + "\"errors\":[{\"field\":\"title\",\"detail\":\"is required\",\"index\":42}]}"));
    ProgressBar bar = $(ProgressBar.class).single();
    assertThat(bar.isVisible()).isTrue();
    assertThat(bar.getValue()).isEqualTo(0.25);
    assertThat(bar.isIndeterminate()).isFalse();
    assertThat(step.getElement().getTextRecursively()).contains("RUNNING · 500 of 2000 rows · 499 items imported · 1 rows rejected");
    @SuppressWarnings("unchecked")
    Grid<JsonNode> errors = $(Grid.class).single();
    assertThat(errors.isVisible()).isTrue();
    assertThat(test(errors).getCellText(0, 0)).isEqualTo("42");
    assertThat(test(errors).getCellText(0, 2)).isEqualTo("is required");
    // Before the rows are counted the bar does not pretend to know.
    step.show(json("{\"status\":\"RUNNING\",\"processed\":0,\"accepted\":0,\"rejected\":0,\"errors\":[]}"));
    assertThat(bar.isIndeterminate()).isTrue();
    assertThat(errors.isVisible()).isFalse();
    assertThat(CatalogueUploadStep.isCsv("items.CSV")).isTrue();
    assertThat(CatalogueUploadStep.isCsv("items.ndjson")).isFalse();
  }

  @Test
  void theWhatIfPanelCollectsAHypothesisAndMarksWhatMoved() {
    WhatIfPanel panel = new WhatIfPanel();
    UI.getCurrent().add(panel);
    List<Map<String, Object>> asked = new ArrayList<>();
    panel.onRun(e -> asked.add(e.getSource().hypothesisBody()));
    test(panel.itemId).setValue("coffee-1");
    test($(com.vaadin.flow.component.button.Button.class).withText("Add event").single()).click();
    test(panel.stated).setValue("espresso");
    test($(com.vaadin.flow.component.button.Button.class).withText("Show what would change").single()).click();
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0)).containsEntry("statedInterest", "espresso")
        .containsEntry("events", List.of(Map.of("type", "purchase", "itemId", "coffee-1")));
    panel.show(json("{\"before\":{\"items\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"},{\"itemId\":\"c\"}]},"
        + "\"after\":{\"items\":[{\"itemId\":\"c\",\"title\":\"C\",\"source\":\"interest/2\"},{\"itemId\":\"x\",\"title\":\"X\"},"
        + "{\"itemId\":\"a\",\"title\":\"A\"}]},\"applied\":[{\"type\":\"purchase\",\"itemId\":\"coffee-1\",\"outcome\":\"OPENED\"}]}"));
    assertThat(panel.getElement().getTextRecursively()).contains("purchase coffee-1 → opened")
        .contains("1 of the 3 items now would leave the list");
    assertThat(WhatIfPanel.change(List.of("a", "b", "c"), "c", 0)).isEqualTo("↑2");
    assertThat(WhatIfPanel.change(List.of("a", "b", "c"), "x", 1)).isEqualTo("new");
    assertThat(WhatIfPanel.change(List.of("a", "b", "c"), "a", 2)).isEqualTo("↓2");
    assertThat(WhatIfPanel.change(List.of("a", "b", "c"), "b", 1)).isEqualTo("=");
  }

  @Test
  void theQualityPanelDrawsEightChartsAndRereadsWhenTheWindowChanges() {
    List<String> reads = new ArrayList<>();
    QualityPanel panel = new QualityPanel(bucket -> {
      reads.add(bucket);
      return json("{\"lists\":2,\"truncated\":false,\"buckets\":[{\"start\":\"2026-11-23T00:00:00Z\",\"requests\":0},"
          + "{\"start\":\"2026-11-24T00:00:00Z\",\"requests\":2,\"p50Ms\":12.5,\"p99Ms\":40.0,\"ctr\":0.25,\"coverage\":0.1,"
          + "\"diversity\":0.4,\"novelty\":3.2,\"exploreShare\":0.1,\"exploreCtr\":0.5}]}");
    });
    UI.getCurrent().add(panel);
    String html = panel.getElement().getOuterHTML();
    assertThat(html.split("<svg", -1)).hasSize(9);
    assertThat(html).contains("max 40.0 ms");
    assertThat(panel.getElement().getTextRecursively()).contains("2 lists in the window");
    @SuppressWarnings("unchecked")
    com.vaadin.flow.component.select.Select<String> window = $(com.vaadin.flow.component.select.Select.class).single();
    test(window).selectItem("last 48 hours, by hour");
    assertThat(reads).containsExactly("day", "hour");
  }

  @Test
  void chartsEscapeWhatTheyAreGiven() {
    String svg = SvgChart.bars("c", "a <b>", List.of("x'<y"), java.util.Arrays.asList((Double) null), "%.1f").getElement()
        .getOuterHTML();
    assertThat(svg).doesNotContain("<b>").doesNotContain("x'<y");
  }

  @Test
  void theModelsPanelShowsEachModelsVerdictAndTrainingProgressAndRereadsOnRefresh() {
    List<String> reads = new ArrayList<>();
    ModelsPanel panel = new ModelsPanel(() -> {
      reads.add("read");
      return json("{\"sequence\":[{\"version\":2,\"trainedAt\":\"2026-11-24T09:00:00Z\",\"users\":45,\"items\":4,"
          + "\"epochs\":5,\"trainSeconds\":0.9,\"ndcg\":0.2,\"baselineNdcg\":0.31,\"baseline\":\"sequence-v1\","
          + "\"promoted\":false},{\"version\":1,\"trainedAt\":\"2026-11-23T09:00:00Z\",\"users\":40,\"items\":3,"
          + "\"epochs\":25,\"trainSeconds\":4.2,\"ndcg\":0.31,\"baselineNdcg\":0.12,\"baseline\":\"popularity\","
          + "\"promoted\":true}],\"ranker\":[{\"version\":1,\"trainedAt\":\"2026-11-22T09:00:00Z\",\"trainRequests\":80,"
          + "\"validationRequests\":20,\"ndcg\":0.4,\"baselineNdcg\":0.3,\"baseline\":\"weighted-score@1\","
          + "\"promoted\":true,\"servable\":false}],\"training\":[{\"kind\":\"train-sequence\",\"status\":\"RUNNING\","
          + "\"processed\":40,\"total\":200,\"detail\":\"epoch 40: loss 4.9576, validation NDCG@10 0.0414 (best so far)\","
          + "\"createdAt\":\"2026-11-24T09:10:00Z\"}]}");
    });
    UI.getCurrent().add(panel);
    @SuppressWarnings("unchecked")
    com.vaadin.flow.component.grid.Grid<JsonNode> sequence = (com.vaadin.flow.component.grid.Grid<JsonNode>)
        $(com.vaadin.flow.component.grid.Grid.class).id("models-sequence");
    assertThat(test(sequence).size()).isEqualTo(2);
    assertThat(test(sequence).getCellText(1, 6)).isEqualTo("0.3100 vs 0.1200 (popularity)");
    assertThat(test(sequence).getCellText(1, 7)).isEqualTo("serving");
    assertThat(test(sequence).getCellText(0, 7)).isEmpty();
    @SuppressWarnings("unchecked")
    com.vaadin.flow.component.grid.Grid<JsonNode> training = (com.vaadin.flow.component.grid.Grid<JsonNode>)
        $(com.vaadin.flow.component.grid.Grid.class).id("models-training");
    assertThat(test(training).getCellText(0, 2)).isEqualTo("epoch 40 of at most 200");
    assertThat(test(training).getCellText(0, 3)).contains("validation NDCG@10 0.0414");
    @SuppressWarnings("unchecked")
    com.vaadin.flow.component.grid.Grid<JsonNode> ranker = (com.vaadin.flow.component.grid.Grid<JsonNode>)
        $(com.vaadin.flow.component.grid.Grid.class).id("models-ranker");
    assertThat(test(ranker).getCellText(0, 4)).isEqualTo("promoted, older features: not serving");
    test($(com.vaadin.flow.component.button.Button.class).id("models-refresh")).click();
    assertThat(reads).hasSize(2);
  }
}
