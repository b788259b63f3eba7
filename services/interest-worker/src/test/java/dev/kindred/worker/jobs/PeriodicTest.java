package dev.kindred.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The worker's background rounds: a failing round does not end the loop, the pause sees the round's time, interrupt stops it. */
class PeriodicTest {

  @Test
  void roundsGoOnAfterAFailureWithThePauseTheirTimeGivesAndStopWhenInterrupted() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    CountDownLatch fourRounds = new CountDownLatch(4);
    List<Long> tookSeen = Collections.synchronizedList(new ArrayList<>());
    Thread t = Periodic.start("periodic-test", Logger.getLogger(PeriodicTest.class), () -> {
      int n = rounds.incrementAndGet();
      fourRounds.countDown();
      if (n == 2) {
        throw new IllegalStateException("round two fails");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, took -> {
      tookSeen.add(took);
      return 1;
    });
    assertThat(fourRounds.await(5, TimeUnit.SECONDS)).as("rounds after the failing one").isTrue();
    assertThat(t.isDaemon()).isTrue();
    t.interrupt();
    t.join(2_000);
    assertThat(t.isAlive()).isFalse();
    // Rounds that slept 20 ms report at least that to the pause; the failing one less.
    assertThat(tookSeen).isNotEmpty();
    assertThat(tookSeen.get(0)).isGreaterThanOrEqualTo(19);
    int after = rounds.get();
    Thread.sleep(50);
    assertThat(rounds.get()).isEqualTo(after);
  }
}
