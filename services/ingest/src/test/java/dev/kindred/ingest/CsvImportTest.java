package dev.kindred.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalogue upload as CSV: quoting, lists, attributes, bad rows reported by line, broken files. */
@QuarkusTest
class CsvImportTest {
  @Inject
  Pool pool;

  TestTenants.T tenant;

  @BeforeEach
  void tenant() {
    tenant = TestTenants.create(pool);
  }

  @Test
  void csvRowsBecomeItemsWithQuotedFieldsListsAndAttributes() throws Exception {
    String csv = "\uFEFFid,title,description,categories,available,brand,attributes.colour\r\n"
        + "c1,\"Tent, two person\",\"Light.\nPacks small, \"\"really\"\" small.\",camping|tents,yes,Nordlys,green\r\n"
        + "c2,Trail shoe,,running,0,,\r\n"
        + "\r\n"
        + "c3,,no title here,,,,\r\n"           // line 6: title missing → rejected, reported
        + "c4,Too,many,fields,true,x,y,z\r\n"   // line 7: 8 fields for 7 columns
        + "c5,Head torch,,,maybe,,\r\n"         // line 8: 'available' not a boolean
        + "c1,\"Tent, two person (v2)\",,camping,true,,\n"; // a later row for the same id wins
    Map<String, Object> job = upload(csv, "text/csv");
    assertThat(job.get("status")).isEqualTo("COMPLETED");
    assertThat(((Number) job.get("processed")).intValue()).isEqualTo(6);
    assertThat(((Number) job.get("total")).intValue()).isEqualTo(6);   // counted first, for progress bars
    assertThat(((Number) job.get("accepted")).intValue()).isEqualTo(2);
    assertThat(((Number) job.get("rejected")).intValue()).isEqualTo(3);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
    assertThat(errors).extracting(e -> e.get("index")).containsExactly(6, 7, 8);
    assertThat(errors.get(0).get("field")).isEqualTo("title");
    assertThat((String) errors.get(1).get("detail")).contains("8 fields, the header 7");
    assertThat((String) errors.get(2).get("detail")).contains("'available'");

    Row c1 = item("c1");
    assertThat(c1.getString("title")).isEqualTo("Tent, two person (v2)");
    assertThat(c1.getArrayOfStrings("categories")).containsExactly("camping");
    Row c2 = item("c2");
    assertThat(c2.getBoolean("available")).isFalse();
    assertThat(c2.getArrayOfStrings("categories")).containsExactly("running");
    assertThat(count("SELECT count(*) FROM items WHERE item_id IN ('c3','c4','c5')")).isZero();
  }

  @Test
  void multiLineQuotedDescriptionsAndAttributesSurviveAsWritten() throws Exception {
    String csv = "id,title,description,tags,material\n"
        + "m1,\"Mug\",\"Line one\nLine \"\"two\"\"\",kitchen|gift,enamel\n";
    assertThat(upload(csv, "text/csv; charset=utf-8").get("status")).isEqualTo("COMPLETED");
    Row m1 = TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT description, tags, attributes->>'material' AS m FROM items WHERE item_id = 'm1'")
        .execute()).await().atMost(Duration.ofSeconds(10)).iterator().next();
    assertThat(m1.getString("description")).isEqualTo("Line one\nLine \"two\"");
    assertThat(m1.getArrayOfStrings("tags")).containsExactly("kitchen", "gift");
    assertThat(m1.getString("m")).isEqualTo("enamel");
  }

  @Test
  void anUnclosedQuoteStopsTheJobButKeepsTheRowsBeforeIt() throws Exception {
    String csv = "id,title\nok1,First\nok2,Second\nbad,\"never closed\nok3,Third\n";
    Map<String, Object> job = upload(csv, "text/csv");
    assertThat(job.get("status")).isEqualTo("FAILED");
    assertThat(((Number) job.get("accepted")).intValue()).isEqualTo(2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
    assertThat((String) errors.get(0).get("detail")).contains("line 4").contains("never closed");
    assertThat(count("SELECT count(*) FROM items WHERE item_id IN ('ok1','ok2')")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM items WHERE item_id IN ('bad','ok3')")).isZero();
  }

  @Test
  void aHeaderWithoutIdOrTitleFailsWithNothingImported() throws Exception {
    Map<String, Object> job = upload("name,price\nx,1\n", "text/csv");
    assertThat(job.get("status")).isEqualTo("FAILED");
    assertThat(((Number) job.get("accepted")).intValue()).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
    assertThat((String) errors.get(0).get("detail")).contains("'id' and 'title'");
  }

  private Map<String, Object> upload(String csv, String type) throws InterruptedException {
    String jobId = given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(type)
        .body(csv.getBytes(StandardCharsets.UTF_8)).post("/v1/items:import")
        .then().statusCode(202).extract().path("jobId");
    Map<String, Object> job = null;
    for (int i = 0; i < 100; i++) {
      job = given().header("Authorization", "Bearer " + tenant.ingestKey()).get("/v1/jobs/" + jobId)
          .then().statusCode(200).extract().path("");
      if (!"RUNNING".equals(job.get("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    return job;
  }

  private Row item(String id) {
    return TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT title, categories, available FROM items WHERE item_id = $1").execute(Tuple.of(id)))
        .await().atMost(Duration.ofSeconds(10)).iterator().next();
  }

  private long count(String sql) {
    return TenantTx.run(pool, tenant.id(), c -> c.query(sql).execute())
        .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
  }
}
