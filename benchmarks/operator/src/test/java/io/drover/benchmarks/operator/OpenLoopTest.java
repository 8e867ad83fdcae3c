package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void requestsAreDueAtTheRateWhateverTheAnswersTake() throws InterruptedException {
    // 20 requests at 50/s, each answered after 200 ms: a closed loop would need 4 s.
    OpenLoop loop = new OpenLoop(50, 16);
    ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    List<OpenLoop.Request> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(
          due -> {
            sent.add(new long[] {due, System.nanoTime()});
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep(200);
            inFlight.decrementAndGet();
          });
    }
    loop.run(requests, late -> {});

    assertThat(sent).hasSize(20);
    long firstDue = sent.stream().mapToLong(s -> s[0]).min().orElseThrow();
    long lastDue = sent.stream().mapToLong(s -> s[0]).max().orElseThrow();
    assertThat(TimeUnit.NANOSECONDS.toMillis(lastDue - firstDue)).isEqualTo(380);
    assertThat(mostInFlight.get())
        .as("later requests were sent while earlier ones still waited for their answers")
        .isGreaterThan(1);
  }

  @Test
  void theRateMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpenLoop(0, 1))
        .hasMessageContaining("rate");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
