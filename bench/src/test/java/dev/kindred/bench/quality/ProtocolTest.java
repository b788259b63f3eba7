package dev.kindred.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.bench.quality.LeaveOneOut.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaders for each format, the leave-one-out split and the two classic baselines, on files written here. */
class ProtocolTest {

  @TempDir
  Path dir;

  @Test
  void s3recFileIsTheDirectorysOnlyFileAndSplitsLeaveOneOut() throws IOException {
    Files.writeString(dir.resolve("held-out.seq"), "u1 a b c d\nu2 b c\nu3 c a b\n");
    Dataset d = DatasetLoader.load(dir, "s3rec");
    assertThat(d.items()).isEqualTo(4);
    assertThat(d.hasText()).isFalse();
    LeaveOneOut split = new LeaveOneOut(d);
    // u2 has two interactions: not evaluated, but what it did is known.
    assertThat(split.users()).containsExactly(0, 2);
    assertThat(split.history(0, Phase.TEST)).containsExactly(0, 1, 2);
    assertThat(split.target(0, Phase.TEST)).isEqualTo(3);
    assertThat(split.history(0, Phase.VALIDATION)).containsExactly(0, 1);
    assertThat(split.target(0, Phase.VALIDATION)).isEqualTo(2);
    assertThat(split.known(Phase.TEST)).extracting(s -> s.length).containsExactly(3, 2, 2);
    assertThat(split.known(Phase.VALIDATION)).extracting(s -> s.length).containsExactly(2, 2, 1);
  }

  @Test
  void popularityCountsOnlyWhatIsKnownAndNeverRecommendsTheHistory() throws IOException {
    // Test targets: u1 → d (known nowhere else), u2 → a, u3 → b. Known: a×2, b×2, c×3.
    Files.writeString(dir.resolve("seq.txt"), "u1 a b c d\nu2 b c a\nu3 c a b\n");
    Dataset d = DatasetLoader.load(dir, "s3rec");
    LeaveOneOut split = new LeaveOneOut(d);
    Known known = Known.of(d.items(), split.known(Phase.TEST), null);
    assertThat(known.popularity()).containsExactly(2, 2, 3, 0);
    Recommender pop = new PopularityRecommender(known);
    // u2 has b, c: the only unseen known-popular item is a (then d with count 0).
    assertThat(pop.recommend(split.history(1, Phase.TEST), 2)).containsExactly(0, 3);
    // u1 has a, b, c: only d is left, and the target is d.
    assertThat(pop.recommend(split.history(0, Phase.TEST), 5)).containsExactly(3);
  }

  @Test
  void itemKnnSumsCosineSimilaritiesToTheHistory() {
    // Users: {0,1}, {0,1}, {0,2}. cos(0,1) = 2/√(3·2), cos(0,2) = 1/√(3·1), cos(1,2) = 0.
    Known known = Known.of(3, List.of(new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 2}), null);
    Recommender knn = new ItemKnnRecommender(known);
    assertThat(knn.recommend(new int[] {1}, 2)).containsExactly(0, 2);
    assertThat(knn.recommend(new int[] {0}, 2)).containsExactly(1, 2);
  }

  @Test
  void movieLensFormatsCarryTitlesGenresAndTimeOrder() throws IOException {
    Files.writeString(dir.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
        + "2|GoldenEye (1995)|01-Jan-1995||url|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n");
    Files.writeString(dir.resolve("u.data"), "7\t2\t4\t200\n7\t1\t5\t100\n");
    Dataset ml = DatasetLoader.load(dir, "movielens-100k");
    assertThat(ml.sequences().get(0)).containsExactly(0, 1);
    assertThat(ml.texts()[0]).isEqualTo("Toy Story (1995). Genres: Animation, Children's, Comedy.");
    Path latest = Files.createDirectory(dir.resolve("latest"));
    Files.writeString(latest.resolve("movies.csv"), "movieId,title,genres\n1,\"American President, The (1995)\",Comedy|Drama\n"
        + "5,Heat (1995),Action\n");
    Files.writeString(latest.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,5,4.0,20\n1,1,3.0,10\n1,99,3.0,5\n");
    Files.writeString(latest.resolve("tags.csv"), "userId,movieId,tag,timestamp\n1,5,Heist,1\n");
    Dataset l = DatasetLoader.load(latest, "movielens-latest");
    // The rating of an unknown movie (99) is skipped; the rest in time order.
    assertThat(l.sequences().get(0)).containsExactly(0, 1);
    assertThat(l.titles()[0]).isEqualTo("American President, The (1995)");
    assertThat(l.texts()[1]).isEqualTo("Heat (1995). Genres: Action. Tags: heist.");
  }

  @Test
  void amazonJsonPairAndItsErrors() throws IOException {
    Files.writeString(dir.resolve("X.item.json"), "{\"0\": {\"title\": \"Caliper\", \"brand\": \"Mitutoyo\", "
        + "\"categories\": \"Industrial & Scientific,Measuring\", \"description\": \"Digital.\"}, \"1\": {\"title\": \"Tape\"}}");
    Files.writeString(dir.resolve("X.inter.json"), "{\"0\": [1, 0]}");
    Dataset a = DatasetLoader.load(dir, "amazon-json");
    assertThat(a.sequences().get(0)).containsExactly(1, 0);
    assertThat(a.texts()[0]).isEqualTo("Caliper Brand: Mitutoyo. Categories: Industrial & Scientific, Measuring. Digital.");
    Files.writeString(dir.resolve("X.inter.json"), "{\"0\": [1, 7]}");
    assertThatThrownBy(() -> DatasetLoader.load(dir, "amazon-json")).hasMessageContaining("item 7");
    assertThatThrownBy(() -> DatasetLoader.load(dir, "csv")).hasMessageContaining("unknown --format 'csv'");
  }
}
