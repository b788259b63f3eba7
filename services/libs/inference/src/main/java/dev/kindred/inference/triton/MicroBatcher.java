package dev.kindred.inference.triton;

import dev.kindred.inference.InferenceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Client-side dynamic batching: texts from concurrent callers are collected until
 * {@code maxTexts} are waiting or the first has waited {@code maxDelay}, then sent as one request
 * (several requests may be in flight). A caller's texts are never split across two requests
 * unless the caller alone brings more than {@code maxTexts}.
 */
final class MicroBatcher implements AutoCloseable {

  private record Pending(List<String> texts, CompletableFuture<float[][]> result) {
  }

  private static final int IN_FLIGHT = 4;
  private final int maxTexts;
  private final long maxDelayNanos;
  private final Function<List<String>, float[][]> send;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT, r -> daemon(r, "triton-send"));
  private final Thread collector;
  private volatile boolean closed;

  MicroBatcher(int maxTexts, Duration maxDelay, Function<List<String>, float[][]> send) {
    this.maxTexts = Math.max(1, maxTexts);
    this.maxDelayNanos = maxDelay.toNanos();
    this.send = send;
    this.collector = daemon(this::collect, "triton-batcher");
    collector.start();
  }

  float[][] submit(List<String> texts, Duration wait) {
    List<CompletableFuture<float[][]>> parts = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += maxTexts) {
      CompletableFuture<float[][]> f = new CompletableFuture<>();
      queue.add(new Pending(texts.subList(from, Math.min(texts.size(), from + maxTexts)), f));
      parts.add(f);
    }
    float[][] out = new float[texts.size()][];
    int at = 0;
    try {
      for (CompletableFuture<float[][]> f : parts) {
        float[][] part = f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
      return out;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof InferenceException ie ? ie
          : new InferenceException("embedding failed: " + e.getCause(), false, e.getCause());
    } catch (TimeoutException e) {
      throw new InferenceException("no embedding within " + wait.toMillis() + " ms", true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted", false, e);
    }
  }

  private void collect() {
    Pending carried = null;
    while (!closed) {
      try {
        Pending first = carried != null ? carried : queue.poll(200, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          continue;
        }
        List<Pending> group = new ArrayList<>(List.of(first));
        int count = first.texts().size();
        long deadline = System.nanoTime() + maxDelayNanos;
        while (count < maxTexts) {
          Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          if (count + next.texts().size() > maxTexts) {
            carried = next;
            break;
          }
          group.add(next);
          count += next.texts().size();
        }
        senders.execute(() -> dispatch(group));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void dispatch(List<Pending> group) {
    List<String> all = new ArrayList<>();
    group.forEach(p -> all.addAll(p.texts()));
    try {
      float[][] vectors = send.apply(all);
      int at = 0;
      for (Pending p : group) {
        float[][] mine = new float[p.texts().size()][];
        System.arraycopy(vectors, at, mine, 0, mine.length);
        at += mine.length;
        p.result().complete(mine);
      }
    } catch (RuntimeException e) {
      group.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closed = true;
    collector.interrupt();
    senders.shutdownNow();
    Pending p;
    while ((p = queue.poll()) != null) {
      p.result().completeExceptionally(new InferenceException("embedding client closed", false));
    }
  }
}
