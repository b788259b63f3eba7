package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.embedded.XGBoostTrainer;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.learning.LambdaMart;
import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A promoted learned ranker orders the feed, explains it with its own SHAP values, and is logged with every impression. */
@QuarkusTest
class LearnedRankerServingTest {

  @Inject Pool pool;
  private static final int NOVELTY = List.of(FeedRanker.FEATURES).indexOf("novelty");

  @Inject dev.kindred.recommend.serving.LearnedRankers rankers;

  @Test
  void thePromotedModelRanksAndItsShapValuesAreTheBreakdown() throws Exception {
    ServingFixture f = new ServingFixture(pool);
    f.settings("{\"diversityLambda\": 0, \"explorationBudget\": 0}");
    JsonPath weighted = feed(f);
    assertThat(weighted.getMap("items[0].explanation.contributions")).containsKey("interest").doesNotContainKey("bias");

    // A model that learned "users click what is novel to them" — the opposite of the interest term.
    Random r = new Random(9);
    List<LambdaMart.Request> requests = new ArrayList<>();
    for (int q = 0; q < 200; q++) {
      float[][] rows = new float[8][FeedRanker.FEATURES.length];
      int best = 0;
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < rows[i].length; j++) {
          rows[i][j] = r.nextFloat();
        }
        best = rows[i][NOVELTY] > rows[best][NOVELTY] ? i : best;
      }
      int[] labels = new int[rows.length];
      labels[best] = 1;
      requests.add(new LambdaMart.Request("r" + q, Instant.ofEpochSecond(1_700_000_000L + q), rows, labels));
    }
    LambdaMart.Outcome o = LambdaMart.train(requests, FeedRanker.FEATURES,
        new dev.kindred.recsys.WeightedRanker(FeedRanker.Weights.defaults()), XGBoostTrainer.Params.defaults());
    assertThat(o.promote()).isTrue();
    TenantTx.run(pool, f.tenant.id(), c -> c.preparedQuery("""
            INSERT INTO ranker_models (tenant_id, version, model, feature_names, train_requests, validation_requests,
                                       ndcg, baseline_ndcg, baseline, promoted)
            VALUES ($1, 1, $2, $3, 160, 40, $4, $5, 'weighted-score@1', true)
            """).execute(Tuple.of(f.tenant.id(), Buffer.buffer(o.model()), FeedRanker.FEATURES, o.candidateNdcg(),
            o.currentNdcg()))).await().indefinitely();
    // Serving looks for a newly promoted model every 30 s; the test does not wait for that.
    rankers.forget(f.tenant.id());

    JsonPath learned = feed(f);
    List<String> ids = learned.getList("items.itemId", String.class);
    // The scores are the model's now (the weighted score would give the top item another value).
    assertThat(learned.getDouble("items[0].score")).isNotEqualTo(weighted.getDouble("items[0].score"));
    for (int i = 0; i < ids.size(); i++) {
      Map<String, Float> terms = learned.getMap("items[" + i + "].explanation.contributions");
      assertThat(terms).containsKeys("bias", "novelty");
      assertThat(terms.values().stream().mapToDouble(Float::doubleValue).sum())
          .isCloseTo(learned.getDouble("items[" + i + "].score"), within(0.002));
    }
    // The impression records the model and each ranked item's feature row.
    String rid = learned.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(rid) == 1);
    String payload = f.impression(rid);
    JsonPath logged = JsonPath.from(payload);
    assertThat(logged.getString("ranker")).startsWith("lambdamart-v1@");
    assertThat(logged.getList("featureNames", String.class)).containsExactly(FeedRanker.FEATURES);
    assertThat(logged.getList("features[0]")).hasSize(FeedRanker.FEATURES.length);
  }

  private static JsonPath feed(ServingFixture f) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 6)
        .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath();
  }
}
