package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.sequence.SasRec;
import dev.kindred.recsys.sequence.SasRecConfig;
import dev.kindred.recsys.sequence.SasRecTrainer;
import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A promoted sequence model proposes the `sequence` source's candidates from the user's latest
 * items, they carry the `sequence` feature, and the explanation says "people who did what you just
 * did next chose…" only where that term is the largest part of the score.
 */
@QuarkusTest
class SequenceServingTest {

  @Inject Pool pool;
  @Inject dev.kindred.recommend.serving.SequenceModels sequences;

  /** Others who bought camp-1 went on to coffee-4 (the fixture's u1 bought camp-1 last). */
  private static SasRec trainedOn(List<String> ids) {
    List<int[]> seqs = new ArrayList<>();
    String[][] paths = {{"camp-2", "camp-1", "coffee-4", "camp-6"}, {"coffee-2", "camp-1", "coffee-4", "camp-3"},
        {"camp-5", "camp-1", "coffee-4", "coffee-3"}, {"coffee-1", "coffee-2", "camp-1", "coffee-4", "camp-4"},
        {"camp-3", "camp-4", "camp-5", "camp-6"}, {"coffee-3", "coffee-1", "camp-2", "camp-3"}};
    for (int copy = 0; copy < 20; copy++) {
      for (String[] p : paths) {
        seqs.add(java.util.Arrays.stream(p).mapToInt(ids::indexOf).toArray());
      }
    }
    return SasRecTrainer.train(seqs, ids.size(), null,
        new SasRecConfig(16, 1, 10, 0f, 0, 1e-2f, 32, 60, 4, 5, 1, 3L), null);
  }

  @Test
  void thePromotedModelProposesWhatOthersDidNextAndSaysSoWhenThatIsTheReason() {
    ServingFixture f = new ServingFixture(pool);
    f.settings("{\"diversityLambda\": 0, \"explorationBudget\": 0}");
    JsonPath before = feed(f);
    assertThat(before.getList("items.source", String.class)).doesNotContain("sequence");

    List<String> ids = List.of("camp-1", "camp-2", "camp-3", "camp-4", "camp-5", "camp-6", "coffee-1", "coffee-2",
        "coffee-3", "coffee-4", "bad");
    SasRec model = trainedOn(ids);
    TenantTx.run(pool, f.tenant.id(), c -> c.preparedQuery("""
            INSERT INTO sequence_models (tenant_id, version, model, item_ids, users, positions, epochs, train_ms, ndcg,
                                         baseline_ndcg, baseline, promoted)
            VALUES ($1, 1, $2, $3, 120, 400, $4, 100, $5, 0.2, 'popularity', true)
            """).execute(Tuple.of(f.tenant.id(), Buffer.buffer(model.toBytes()), ids.toArray(String[]::new),
            model.trainedEpochs(), model.validationNdcg()))).await().indefinitely();
    sequences.forget(f.tenant.id());

    JsonPath after = feed(f);
    List<String> served = after.getList("items.itemId", String.class);
    assertThat(served).contains("coffee-4").doesNotContain("camp-1", "coffee-1", "coffee-2", "camp-2", "bad");
    int at = served.indexOf("coffee-4");
    assertThat(after.getString("items[" + at + "].source")).isEqualTo("sequence");
    assertThat(after.getString("items[" + at + "].explanation.sentence"))
        .isEqualTo("People who did what you just did next chose this: you bought 'Camping item 1' last.");
    Map<String, Float> parts = after.getMap("items[" + at + "].explanation.contributions");
    assertThat(parts.get("sequence")).isGreaterThan(parts.get("interest")).isGreaterThan(0f);
    // Items another term carries are explained by that term, whatever the model thought of them.
    for (int i = 0; i < served.size(); i++) {
      Map<String, Float> terms = after.getMap("items[" + i + "].explanation.contributions");
      boolean sequenceLeads = terms.get("sequence") > Math.max(terms.get("interest"),
          Math.max(terms.get("session"), terms.get("coVisit")));
      assertThat(after.getString("items[" + i + "].source").equals("sequence")).as(served.get(i)).isEqualTo(sequenceLeads);
    }
    // What-if: a hypothetical view is the user's latest item for the sequence source too, as a real one would be.
    JsonPath whatIf = given().header("Authorization", "Bearer " + f.tenant.serveKey())
        .contentType(io.restassured.http.ContentType.JSON)
        .body(Map.of("events", List.of(Map.of("type", "view", "itemId", "coffee-4")), "count", 6))
        .when().post("/v1/users/u1/what-if").then().statusCode(200).extract().jsonPath();
    List<String> sources = whatIf.getList("after.items.source", String.class);
    assertThat(sources).contains("sequence");
    assertThat(whatIf.getList("after.items.itemId", String.class)).doesNotContain("coffee-4");
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).equals("sequence")) {
        assertThat(whatIf.getString("after.items[" + i + "].explanation.sentence")).endsWith("'Coffee item 4' last.");
      }
    }
    // The impression logs the sequence feature with each ranked item.
    String rid = after.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(rid) == 1);
    JsonPath logged = JsonPath.from(f.impression(rid));
    assertThat(logged.getList("featureNames", String.class)).containsExactly(FeedRanker.FEATURES).contains("sequence");
  }

  /** A promoted model that cannot be read does not fail the feed: it is served without the sequence source. */
  @Test
  void anUnreadablePromotedModelIsSkippedNotFatal() {
    ServingFixture f = new ServingFixture(pool);
    TenantTx.run(pool, f.tenant.id(), c -> c.preparedQuery("""
            INSERT INTO sequence_models (tenant_id, version, model, item_ids, users, positions, epochs, train_ms, ndcg,
                                         baseline_ndcg, baseline, promoted)
            VALUES ($1, 1, '\\x0102'::bytea, '{camp-1}', 1, 1, 1, 1, 0.5, 0.1, 'popularity', true)
            """).execute(Tuple.of(f.tenant.id()))).await().indefinitely();
    sequences.forget(f.tenant.id());
    JsonPath feed = feed(f);
    assertThat(feed.getList("items")).isNotEmpty();
    assertThat(feed.getList("items.source", String.class)).doesNotContain("sequence");
  }

  private static JsonPath feed(ServingFixture f) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 6)
        .queryParam("explain", true).when().get("/v1/users/u1/recommendations").then().statusCode(200).extract()
        .jsonPath();
  }
}
