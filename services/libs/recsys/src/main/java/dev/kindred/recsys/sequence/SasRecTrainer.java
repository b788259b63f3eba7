package dev.kindred.recsys.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains a {@link SasRec} on users' item sequences, the way the SASRec literature does: every
 * sequence's last item is held out to choose when to stop (validation NDCG@10, full ranking,
 * checked every {@code evalEvery} epochs; training stops after {@code patience} checks without
 * improvement and the best parameters are kept), every earlier position predicts its next item
 * under the sampled softmax. Mini-batches are split across a bounded number of low-priority
 * threads, each with its own gradient buffer, so training never takes more cores than it is given.
 */
public final class SasRecTrainer {

  /** One validation check: where training is, what it costs, and how well it ranks. */
  public record Progress(int epoch, double loss, double validationNdcg10, long elapsedMillis, boolean best) {
  }

  /** Validation users judged at each check (full ranking is cheap next to training, but not free). */
  public static final int VALIDATION_USERS = 1000;

  private SasRecTrainer() {
  }

  /**
   * {@code sequences}: each user's items in time order (dense ids {@code 0..items-1}); sequences of
   * fewer than 3 items only train. {@code initialItemVectors} (items × dim, may be null) seed the
   * item embeddings, e.g. text embeddings reduced to {@code dim}.
   */
  public static SasRec train(List<int[]> sequences, int items, float[][] initialItemVectors, SasRecConfig cfg,
      Consumer<Progress> progress) {
    return train(NextItemEvaluation.split(sequences, VALIDATION_USERS, cfg.seed()), items, initialItemVectors, cfg,
        progress);
  }

  /** As above on a given split: its validation sequences choose when to stop and are never trained on. */
  public static SasRec train(NextItemEvaluation.Split split, int items, float[][] initialItemVectors, SasRecConfig cfg,
      Consumer<Progress> progress) {
    SasRecLayout layout = new SasRecLayout(items, cfg.dim(), cfg.blocks(), cfg.maxLength());
    Random random = new Random(cfg.seed());
    float[] params = layout.initialise(random, initialItemVectors);
    if (split.train().isEmpty()) {
      throw new IllegalArgumentException("no sequence has two items: nothing to learn from");
    }
    ExecutorService pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
      Thread t = new Thread(r, "sasrec-train");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
    try {
      return new Run(layout, cfg, params, split.train(), split.validation(), pool, random, progress).fit();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Item vectors of any width (text embeddings, behaviour embeddings) as initial item embeddings of
   * width {@code dim}: a fixed random Gaussian projection (distances kept up to a small distortion),
   * each row scaled to length {@code length}; items without a vector (null rows) get zeros.
   */
  public static float[][] projected(float[][] vectors, int dim, float length, long seed) {
    int width = 0;
    for (float[] v : vectors) {
      width = v == null ? width : v.length;
    }
    Random r = new Random(seed);
    float[] proj = new float[width * dim];
    for (int i = 0; i < proj.length; i++) {
      proj[i] = (float) r.nextGaussian();
    }
    float[][] out = new float[vectors.length][dim];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i] == null) {
        continue;
      }
      for (int k = 0; k < width; k++) {
        TensorOps.axpy(vectors[i][k], proj, k * dim, out[i], 0, dim);
      }
      double norm = Math.sqrt(TensorOps.dot(out[i], 0, out[i], 0, dim));
      for (int j = 0; j < dim && norm > 0; j++) {
        out[i][j] *= (float) (length / norm);
      }
    }
    return out;
  }

  /** One training run's state. */
  private static final class Run {
    private final SasRecLayout layout;
    private final SasRecConfig cfg;
    private final float[] params;
    private final List<int[]> train;
    private final List<int[]> validation;
    private final ExecutorService pool;
    private final Random random;
    private final Consumer<Progress> progress;
    private final Worker[] workers;
    private final Adam adam;

    Run(SasRecLayout layout, SasRecConfig cfg, float[] params, List<int[]> train, List<int[]> validation,
        ExecutorService pool, Random random, Consumer<Progress> progress) {
      this.layout = layout;
      this.cfg = cfg;
      this.params = params;
      this.train = train;
      this.validation = validation;
      this.pool = pool;
      this.random = random;
      this.progress = progress;
      this.workers = new Worker[cfg.threads()];
      for (int i = 0; i < workers.length; i++) {
        workers[i] = new Worker(layout, params.length, cfg.negatives() <= 0 ? layout.items : cfg.negatives());
      }
      this.adam = new Adam(params.length, cfg.learningRate());
    }

    SasRec fit() {
      long start = System.currentTimeMillis();
      float[] best = params.clone();
      double bestNdcg = -1;
      int bestEpoch = 0;
      int sinceBest = 0;
      int[] order = new int[train.size()];
      Arrays.setAll(order, i -> i);
      for (int epoch = 1; epoch <= cfg.maxEpochs(); epoch++) {
        shuffle(order);
        double loss = 0;
        long positions = 0;
        for (int from = 0; from < order.length; from += cfg.batchSize()) {
          int[] batch = Arrays.copyOfRange(order, from, Math.min(order.length, from + cfg.batchSize()));
          double[] step = step(batch);
          loss += step[0];
          positions += (long) step[1];
        }
        if (epoch % cfg.evalEvery() == 0 || epoch == cfg.maxEpochs()) {
          double ndcg = NextItemEvaluation.meanNdcg(validation, 10, SasRec.of(layout, params)::scores);
          boolean improved = ndcg > bestNdcg;
          if (improved) {
            bestNdcg = ndcg;
            bestEpoch = epoch;
            System.arraycopy(params, 0, best, 0, params.length);
            sinceBest = 0;
          } else {
            sinceBest++;
          }
          if (progress != null) {
            progress.accept(new Progress(epoch, loss / Math.max(1, positions), ndcg,
                System.currentTimeMillis() - start, improved));
          }
          if (sinceBest >= cfg.patience()) {
            break;
          }
        }
      }
      SasRec model = SasRec.of(layout, best);
      return model.withTraining(bestEpoch, bestNdcg);
    }

    /** One mini-batch: gradients computed in parallel slices, summed, one Adam step; returns {loss, positions}. */
    private double[] step(int[] batch) {
      int[] candidates = candidates();
      float[] candidatesT = SampledSoftmax.transposed(params, layout, candidates);
      int positions = 0;
      for (int i : batch) {
        positions += Math.min(train.get(i).length - 1, cfg.maxLength());
      }
      float weight = 1f / positions;
      int slice = (batch.length + workers.length - 1) / workers.length;
      List<Future<Double>> parts = new ArrayList<>();
      for (int w = 0; w < workers.length; w++) {
        int from = w * slice;
        int to = Math.min(batch.length, from + slice);
        if (from >= to) {
          break;
        }
        Worker worker = workers[w];
        long seed = random.nextLong();
        int[] mine = Arrays.copyOfRange(batch, from, to);
        parts.add(pool.submit(() -> worker.run(params, train, mine, candidates, candidatesT, weight, cfg, seed)));
      }
      double loss = 0;
      try {
        for (Future<Double> f : parts) {
          loss += f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("SASRec training interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("SASRec training failed", e.getCause());
      }
      float[] grad = workers[0].grad;
      for (int w = 1; w < parts.size(); w++) {
        float[] other = workers[w].grad;
        for (int i = 0; i < grad.length; i++) {
          grad[i] += other[i];
        }
      }
      adam.step(params, grad);
      return new double[] {loss, positions};
    }

    private int[] candidates() {
      int count = cfg.negatives() <= 0 ? layout.items : Math.min(cfg.negatives(), layout.items);
      int[] c = new int[count];
      if (count == layout.items) {
        Arrays.setAll(c, i -> i);
      } else {
        for (int i = 0; i < count; i++) {
          c[i] = random.nextInt(layout.items);
        }
      }
      return c;
    }

    private void shuffle(int[] a) {
      for (int i = a.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }
  }

  /** One thread's buffers: its pass, its gradient, its loss scratch. */
  private static final class Worker {
    final SasRecPass pass;
    final float[] grad;
    final float[] dOut;
    final float[] logits;
    final float[] dCandidatesT;

    Worker(SasRecLayout layout, int size, int candidates) {
      pass = new SasRecPass(layout);
      grad = new float[size];
      dOut = new float[layout.maxLength * layout.dim];
      logits = new float[candidates * layout.maxLength];
      dCandidatesT = new float[candidates * layout.dim];
    }

    double run(float[] params, List<int[]> train, int[] batch, int[] candidates, float[] candidatesT, float weight,
        SasRecConfig cfg, long seed) {
      Arrays.fill(grad, 0f);
      Arrays.fill(dCandidatesT, 0f);
      SplittableRandom random = new SplittableRandom(seed);
      double loss = 0;
      for (int i : batch) {
        int[] s = train.get(i);
        int n = Math.min(s.length - 1, cfg.maxLength());
        int from = s.length - 1 - n;
        pass.forward(params, s, from, n, cfg.dropout(), random);
        Arrays.fill(dOut, 0, n * cfg.dim(), 0f);
        loss += SampledSoftmax.lossAndGradient(params, pass.layout(), pass.out, n, s, from + 1, candidates,
            candidatesT, weight, dOut, grad, logits, dCandidatesT);
        pass.backward(params, dOut, grad);
      }
      SampledSoftmax.scatter(dCandidatesT, pass.layout(), candidates, grad);
      return loss;
    }
  }
}
