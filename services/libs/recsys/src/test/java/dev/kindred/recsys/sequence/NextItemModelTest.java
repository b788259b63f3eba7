package dev.kindred.recsys.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NextItemModelTest {

  @Test
  void topIndicesAreTheHighestScoresInOrder() {
    Random r = new Random(8);
    float[] scores = new float[1000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = r.nextFloat();
    }
    int[] expected = IntStream.range(0, scores.length).boxed().sorted(Comparator.comparingDouble(i -> -scores[i]))
        .limit(37).mapToInt(Integer::intValue).toArray();
    assertThat(NextItemModel.top(scores, 37)).containsExactly(expected);
    assertThat(NextItemModel.top(new float[] {0.5f, 0.1f}, 5)).containsExactly(0, 1);
  }

  @Test
  void proposesUnseenAllowedItemsAndWidensWhenTheBestAreRuledOut() {
    List<int[]> seqs = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      seqs.add(new int[] {u % 40, (u + 1) % 40, (u + 2) % 40, (u + 3) % 40});
    }
    SasRec model = SasRecTrainer.train(seqs, 40, null, new SasRecConfig(8, 1, 6, 0f, 0, 1e-2f, 32, 5, 2, 5, 1, 1L), null);
    List<String> ids = IntStream.range(0, 40).mapToObj(i -> "i" + i).toList();
    NextItemModel next = new NextItemModel(3, model, ids);
    List<String> history = List.of("i1", "i2", "unknown");
    // Only items ending in 7 allowed: 4 of 40, far below the first top-k window of 2n+16 for n=2.
    List<NextItemModel.Next> got = next.next(history, 10, id -> id.endsWith("7"));
    assertThat(got).extracting(NextItemModel.Next::itemId).containsExactlyInAnyOrder("i7", "i17", "i27", "i37");
    assertThat(got).isSortedAccordingTo(Comparator.comparingDouble((NextItemModel.Next x) -> -x.score()));
    List<NextItemModel.Next> all = next.next(history, 50, id -> true);
    assertThat(all).hasSize(38).extracting(NextItemModel.Next::itemId).doesNotContain("i1", "i2");
    assertThat(next.next(List.of("unknown"), 5, id -> true)).isEmpty();
    // The first is the model's best unseen item.
    float[] direct = model.scores(next.known(history));
    double best = IntStream.range(0, 40).filter(i -> i != 1 && i != 2).mapToDouble(i -> direct[i]).max().orElseThrow();
    assertThat(all.get(0).score()).isEqualTo(best);
  }
}
