package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.recsys.FeedRanker;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /v1/models: the tenant's own models, newest first, what each was judged on, and training progress. */
@QuarkusTest
class ModelsApiTest {

  @Inject Pool pool;

  @Test
  void listsTheTenantsModelsAndTrainingJobsAndNothingOfAnotherTenant() {
    TestTenants.T t = TestTenants.create(pool);
    UUID job = UUID.randomUUID();
    TenantTx.run(pool, t.id(), c -> c.preparedQuery("""
            INSERT INTO sequence_models (tenant_id, version, model, item_ids, users, positions, epochs, train_ms, ndcg,
                                         baseline_ndcg, baseline, promoted)
            VALUES ($1, 1, '\\x00'::bytea, '{a,b,c}', 40, 300, 25, 4200, 0.31, 0.12, 'popularity', true),
                   ($1, 2, '\\x0000'::bytea, '{a,b,c,d}', 45, 320, 5, 900, 0.20, 0.31, 'sequence-v1', false)
            """).execute(Tuple.of(t.id()))
        .chain(() -> c.preparedQuery("""
            INSERT INTO ranker_models (tenant_id, version, model, feature_names, train_requests, validation_requests,
                                       ndcg, baseline_ndcg, baseline, promoted)
            VALUES ($1, 1, '\\x00'::bytea, '{interest,session}', 80, 20, 0.4, 0.3, 'weighted-score@1', true),
                   ($1, 2, '\\x00'::bytea, $2, 90, 22, 0.5, 0.4, 'weighted-score@1', false)
            """).execute(Tuple.of(t.id(), FeedRanker.FEATURES)))
        .chain(() -> c.preparedQuery("""
            INSERT INTO jobs (id, tenant_id, kind, status, processed, total, detail)
            VALUES ($1, $2, 'train-sequence', 'RUNNING', 40, 200, 'epoch 40: loss 4.9, validation NDCG@10 0.04')
            """).execute(Tuple.of(job, t.id())))).await().indefinitely();

    JsonPath models = given().header("Authorization", "Bearer " + t.serveKey()).when().get("/v1/models")
        .then().statusCode(200).extract().jsonPath();
    assertThat(models.getList("sequence.version", Integer.class)).containsExactly(2, 1);
    assertThat(models.getBoolean("sequence[1].promoted")).isTrue();
    assertThat(models.getInt("sequence[1].epochs")).isEqualTo(25);
    assertThat(models.getInt("sequence[1].items")).isEqualTo(3);
    assertThat(models.getDouble("sequence[1].trainSeconds")).isEqualTo(4.2);
    assertThat(models.getString("sequence[0].baseline")).isEqualTo("sequence-v1");
    // The promoted ranker was trained on an older feature layout: it does not serve.
    assertThat(models.getList("ranker.servable", Boolean.class)).containsExactly(true, false);
    assertThat(models.getString("training[0].id")).isEqualTo(job.toString());
    assertThat(models.getLong("training[0].processed")).isEqualTo(40);
    assertThat(models.getLong("training[0].total")).isEqualTo(200);
    assertThat(models.getString("training[0].detail")).contains("validation NDCG@10 0.04");

    TestTenants.T other = TestTenants.create(pool);
    JsonPath none = given().header("Authorization", "Bearer " + other.serveKey()).when().get("/v1/models")
        .then().statusCode(200).extract().jsonPath();
    assertThat(none.getList("sequence")).isEmpty();
    assertThat(none.getList("ranker")).isEmpty();
    assertThat(none.getList("training")).isEmpty();
    given().when().get("/v1/models").then().statusCode(401);
  }
}
