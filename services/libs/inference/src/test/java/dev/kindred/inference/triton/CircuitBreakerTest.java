package dev.kindred.inference.triton;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  @Test
  void opensAfterTheThresholdAndLetsOneTrialThroughAfterThePause() {
    AtomicLong now = new AtomicLong(1_000);
    CircuitBreaker breaker = new CircuitBreaker(3, 100, now::get);
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.allow()).isTrue();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.allow()).isFalse();
    now.addAndGet(100);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.allow()).as("only one trial at a time").isFalse();
    breaker.onFailure();
    assertThat(breaker.allow()).as("a failed trial re-opens").isFalse();
    now.addAndGet(100);
    assertThat(breaker.allow()).isTrue();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.allow()).isTrue();
  }
}
