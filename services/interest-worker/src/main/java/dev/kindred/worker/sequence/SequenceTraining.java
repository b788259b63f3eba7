package dev.kindred.worker.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.recsys.sequence.NextItemEvaluation;
import dev.kindred.recsys.sequence.SasRec;
import dev.kindred.recsys.sequence.SasRecConfig;
import dev.kindred.recsys.sequence.SasRecOnnx;
import dev.kindred.recsys.sequence.SasRecTrainer;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.jobs.JobLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs queued {@code train-sequence} jobs ({@code bin/kindred train-sequence}): every user's
 * engagements of the last {@code days} (180) as an item sequence, a SASRec model trained on them
 * with each sequence's last item held out, then judged against what serves now on those same held
 * out items — the promoted sequence model, or, before there is one, the popularity floor. Every
 * model is stored; only a better one is promoted. Training runs on {@code training-threads}
 * low-priority threads so the worker's projections and the services keep their cores; each
 * validation check is logged and reported as the job's progress (epochs done of the maximum).
 */
@ApplicationScoped
public class SequenceTraining {

  public static final String KIND = "train-sequence";
  /** Fewer users with 3+ engaged items than this and nothing is trained: validation would be noise. */
  public static final int MIN_USERS = 20;
  public static final double MIN_GAIN = 0.001;
  private static final Logger LOG = Logger.getLogger(SequenceTraining.class);
  private static final Duration DB = Duration.ofSeconds(120);
  private final Pool pool;
  private final WorkerConfig config;
  private final SequenceModels models;
  private final dev.kindred.inference.InferenceConfig inference;
  private JobLoop jobs;

  public SequenceTraining(Pool pool, WorkerConfig config, SequenceModels models, org.eclipse.microprofile.config.Config mp) {
    this.pool = pool;
    this.config = config;
    this.models = models;
    this.inference = dev.kindred.inference.InferenceConfig.from(key -> mp.getOptionalValue(key, String.class));
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
  }

  void run(UUID jobId, UUID tenant, JsonNode params, JobLoop.Progress progress) throws Exception {
    int days = Math.max(1, params.path("days").asInt(180));
    int maxLength = params.path("maxLength").asInt(SasRecConfig.defaults().maxLength());
    UserSequences data = TenantTx.run(pool, tenant, c -> UserSequences.read(c, days, maxLength)).await().atMost(DB);
    SasRecConfig cfg = config(params, data.itemIds().size());
    NextItemEvaluation.Split split = NextItemEvaluation.split(data.sequences(), SasRecTrainer.VALIDATION_USERS,
        cfg.seed());
    if (split.validation().size() < MIN_USERS) {
      progress.report(0, 0, "COMPLETED", "not trained: " + split.validation().size() + " users with 3 or more engaged "
          + "items in the last " + days + " days, " + MIN_USERS + " needed");
      return;
    }
    progress.report(0, cfg.maxEpochs(), "RUNNING", null);
    long start = System.currentTimeMillis();
    SasRec model = SasRecTrainer.train(split, data.itemIds().size(), null, cfg, p -> {
      LOG.infof("tenant %s: sequence model epoch %d, loss %.4f, validation NDCG@10 %.4f%s", tenant, p.epoch(), p.loss(),
          p.validationNdcg10(), p.best() ? " (best so far)" : "");
      progress.report(p.epoch(), cfg.maxEpochs(), "RUNNING", null);
      progress.detail(String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f, validation NDCG@10 %.4f%s", p.epoch(),
          p.loss(), p.validationNdcg10(), p.best() ? " (best so far)" : ""));
    });
    long trainMs = System.currentTimeMillis() - start;
    SequenceModels.Current current = models.current(tenant);
    Function<int[], float[]> baseline = current == null
        ? NextItemEvaluation.popularity(split.train(), data.itemIds().size())
        : current.scorerFor(data.itemIds());
    double baselineNdcg = NextItemEvaluation.meanNdcg(split.validation(), 10, baseline);
    boolean promote = model.validationNdcg() > baselineNdcg + MIN_GAIN;
    String baselineName = current == null ? "popularity" : "sequence-v" + current.version();
    int version = models.store(tenant, new SequenceModels.Trained(model, data.itemIds(), data.sequences().size(),
        data.positions(), trainMs, baselineNdcg, baselineName), promote);
    if (promote) {
      publishToTriton(tenant, version, model);
    }
    LOG.infof("tenant %s: sequence model v%d trained on %d users in %d ms, NDCG@10 %.4f vs %.4f (%s) — %s",
        tenant, version, data.sequences().size(), trainMs, model.validationNdcg(), baselineNdcg, baselineName,
        promote ? "promoted" : "kept what serves now");
    progress.detail(String.format(java.util.Locale.ROOT, "v%d: kept epoch %d, validation NDCG@10 %.4f vs %.4f (%s) — %s",
        version, model.trainedEpochs(), model.validationNdcg(), baselineNdcg, baselineName,
        promote ? "promoted" : "not promoted"));
    progress.report(model.trainedEpochs(), model.trainedEpochs(), "COMPLETED", null);
  }

  /**
   * With a Triton model repository configured, the promoted model's ONNX export goes there too
   * (GPU deployments, other consumers); recommend scores in-process either way. A failure there is
   * logged, not fatal.
   */
  private void publishToTriton(UUID tenant, int version, SasRec model) {
    var repository = dev.kindred.inference.triton.TritonModelRepository.of(inference);
    if (repository == null) {
      return;
    }
    String name = dev.kindred.inference.triton.TritonModelRepository.sequenceModelName(tenant);
    try {
      repository.publishSequence(name, version, SasRecOnnx.export(model), model.items());
      LOG.infof("tenant %s: sequence model v%d published to Triton as %s", tenant, version, name);
    } catch (RuntimeException e) {
      LOG.warnf("tenant %s: sequence model v%d not published to Triton: %s", tenant, version, e.getMessage());
    }
  }

  /**
   * The model's shape and schedule: the defaults (full softmax up to {@link SasRecConfig#FULL_SOFTMAX_ITEMS}
   * items), with the job's overrides (for small tenants and tests).
   */
  SasRecConfig config(JsonNode params, int items) {
    SasRecConfig d = SasRecConfig.defaults();
    return new SasRecConfig(params.path("dim").asInt(d.dim()), params.path("blocks").asInt(d.blocks()),
        params.path("maxLength").asInt(d.maxLength()), (float) params.path("dropout").asDouble(d.dropout()),
        params.path("negatives").asInt(SasRecConfig.negativesFor(items)), (float) params.path("learningRate").asDouble(d.learningRate()),
        d.batchSize(), params.path("maxEpochs").asInt(d.maxEpochs()), d.patience(), params.path("evalEvery")
        .asInt(d.evalEvery()), Math.max(1, config.trainingThreads()), params.path("seed").asLong(d.seed()));
  }
}
