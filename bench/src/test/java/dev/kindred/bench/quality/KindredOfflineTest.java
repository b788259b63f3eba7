package dev.kindred.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.bench.quality.LeaveOneOut.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kindred's offline path on generated behaviour with a structure to find: eight groups of 25
 * items; each user stays in one group and walks through it in order (a session-like sequence),
 * with a little noise. Kindred must clearly beat popularity, and the whole bench must write its
 * report, chart and summary line.
 */
class KindredOfflineTest {

  @TempDir
  Path dir;

  @Test
  void findsTheStructureAndWritesTheReport() throws Exception {
    Path data = Files.createDirectory(dir.resolve("generated"));
    Files.writeString(data.resolve("seq.txt"), sequences(400, new Random(5)));
    Dataset d = DatasetLoader.load(data, "s3rec");
    LeaveOneOut split = new LeaveOneOut(d);
    Known valid = QualityBench.known(d, split, Phase.VALIDATION, null);
    KindredRecommender.Config tuned = Tuning.tune(valid, split, 200);
    Known test = QualityBench.known(d, split, Phase.TEST, null);
    RankingMetrics kindred = evaluate(new KindredRecommender(test, tuned), split, test);
    RankingMetrics popularity = evaluate(new PopularityRecommender(test), split, test);
    assertThat(kindred.ndcg(10)).isGreaterThan(2 * popularity.ndcg(10)).isGreaterThan(0.2);

    Path out = dir.resolve("results");
    QualityBench.main(new String[] {"--dataset", data.toString(), "--format", "s3rec", "--out", out.toString(),
        "--tune-users", "200"});
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("quality-generated-") && n.endsWith(".png"))
          .anyMatch(n -> n.startsWith("quality-generated-") && n.endsWith(".md"));
    }
    try (Stream<Path> files = Files.list(out)) {
      Path md = files.filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
      assertThat(Files.readString(md)).contains("| Kindred |").contains("| ItemKNN |")
          .containsPattern("quality dataset=generated users=400 ndcg10.kindred=0\\.\\d{4} ndcg10.popularity=");
    }
  }

  private static RankingMetrics evaluate(Recommender r, LeaveOneOut split, Known known) {
    RankingMetrics m = new RankingMetrics(known.items(), known.vectors(), known.popularity(), known.users());
    for (int u : split.users()) {
      m.add(r.recommend(split.history(u, Phase.TEST), QualityBench.K), split.target(u, Phase.TEST));
    }
    return m;
  }

  private static String sequences(int users, Random r) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int u = 0; u < users; u++) {
      int group = r.nextInt(8);
      int start = r.nextInt(25);
      int length = 5 + r.nextInt(8);
      s.append('u').append(u);
      for (int n = 0; n < length; n++) {
        int item = r.nextDouble() < 0.1 ? r.nextInt(200) : group * 25 + (start + n) % 25;
        s.append(' ').append(item);
      }
      s.append('\n');
    }
    return s.toString();
  }
}
