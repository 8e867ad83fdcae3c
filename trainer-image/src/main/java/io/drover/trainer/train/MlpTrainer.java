package io.drover.trainer.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.drover.contract.bundle.EvaluationReport.Epoch;
import io.drover.contract.bundle.MlpNetwork;
import io.drover.contract.bundle.ModelManifest.Architecture;
import io.drover.trainer.config.Hyperparameters;
import io.drover.trainer.data.DataSplit;
import io.drover.trainer.data.LabeledDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains an MLP classifier with Adam on softmax cross-entropy, one line of progress per epoch.
 * Deterministic for a given seed: the engine's generator initializes the weights, a seeded {@link
 * Random} orders the mini-batches.
 */
public final class MlpTrainer {

  public static final String ENGINE = "PyTorch";

  private MlpTrainer() {}

  /** A trained model (close it) and how its training went. */
  public record TrainedModel(
      Model model,
      Architecture architecture,
      List<Epoch> curve,
      int bestEpoch,
      boolean stoppedEarly,
      double seconds,
      String device)
      implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  public static TrainedModel train(
      String name,
      LabeledDataset data,
      DataSplit split,
      Standardization standardization,
      Hyperparameters hyperparameters,
      PrintStream log) {
    Engine engine = Engine.getEngine(ENGINE);
    engine.setRandomSeed(hyperparameters.seed());
    Device device = engine.defaultDevice();
    Architecture architecture =
        MlpNetwork.architecture(
            data.featureCount(), hyperparameters.hiddenLayers(), data.labelNames().size());
    Model model = Model.newInstance(name, device, ENGINE);
    try {
      model.setBlock(MlpNetwork.build(architecture));
      Batches train = new Batches(data, split.train(), standardization);
      Batches validation = new Batches(data, split.validation(), standardization);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed((float) hyperparameters.learningRate()))
                      .build())
              .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
              .optDevices(new Device[] {device});
      log.printf(
          "training on %s: %d train, %d validation, %d test rows; network %d -> %s -> %d%n",
          device,
          split.train().length,
          split.validation().length,
          split.test().length,
          architecture.inputs(),
          architecture.hidden(),
          architecture.outputs());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, data.featureCount()));
        return loop(trainer, model, architecture, loss, train, validation, hyperparameters, log);
      }
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
  }

  private static TrainedModel loop(
      Trainer trainer,
      Model model,
      Architecture architecture,
      Loss loss,
      Batches train,
      Batches validation,
      Hyperparameters hyperparameters,
      PrintStream log) {
    int epochs = hyperparameters.epochs();
    int patience = hyperparameters.earlyStoppingPatience();
    Random shuffling = new Random(hyperparameters.seed());
    List<Epoch> curve = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    byte[] bestWeights = null;
    boolean stoppedEarly = false;
    long started = System.nanoTime();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      Figures fit = train.fit(trainer, loss, hyperparameters.batchSize(), shuffling);
      Figures held = validation.size() == 0 ? null : validation.measure(trainer, loss);
      curve.add(
          new Epoch(
              epoch,
              fit.loss(),
              fit.accuracy(),
              held == null ? null : held.loss(),
              held == null ? null : held.accuracy()));
      log.println(progressLine(epoch, epochs, fit, held));
      if (held == null || patience == 0) {
        bestEpoch = epoch;
      } else if (held.loss() < bestLoss) {
        bestLoss = held.loss();
        bestEpoch = epoch;
        bestWeights = snapshot(model);
      } else if (epoch - bestEpoch >= patience) {
        stoppedEarly = true;
        log.printf(
            "early stopping after epoch %d: validation loss last improved in epoch %d (%.4f)%n",
            epoch, bestEpoch, bestLoss);
        break;
      }
    }
    if (bestWeights != null && bestEpoch != curve.size()) {
      restore(model, bestWeights);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new TrainedModel(
        model,
        architecture,
        List.copyOf(curve),
        bestEpoch,
        stoppedEarly,
        seconds,
        trainer.getDevices()[0].toString());
  }

  static String progressLine(int epoch, int epochs, Figures fit, Figures held) {
    String line =
        "epoch %d/%d loss=%.4f accuracy=%.4f".formatted(epoch, epochs, fit.loss(), fit.accuracy());
    return held == null
        ? line
        : line
            + " validation_loss=%.4f validation_accuracy=%.4f"
                .formatted(held.loss(), held.accuracy());
  }

  private static byte[] snapshot(Model model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      model.getBlock().saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy the weights in memory", e);
    }
    return bytes.toByteArray();
  }

  private static void restore(Model model, byte[] weights) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
      model.getBlock().loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot restore the best weights", e);
    }
  }

  /** Mean loss and accuracy over a pass. */
  record Figures(double loss, double accuracy) {}

  /**
   * Rows of one split, standardized a mini-batch at a time: the data set is the only full copy of
   * the values in memory, which is what keeps large data sets within a small multiple of the CSV.
   */
  private record Batches(LabeledDataset data, int[] rows, Standardization standardization) {

    int size() {
      return rows.length;
    }

    private long[] labels(int[] positions, int from, int to) {
      long[] labels = new long[to - from];
      for (int i = from; i < to; i++) {
        labels[i - from] = data.labels()[rows[positions[i]]];
      }
      return labels;
    }

    /** One epoch of mini-batch steps in a freshly shuffled order. */
    Figures fit(Trainer trainer, Loss loss, int batchSize, Random shuffling) {
      int[] order = new int[size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) {
        int j = shuffling.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      double lossSum = 0;
      long correct = 0;
      for (int start = 0; start < order.length; start += batchSize) {
        int end = Math.min(start + batchSize, order.length);
        int[] batchRows = new int[end - start];
        for (int i = start; i < end; i++) {
          batchRows[i - start] = rows[order[i]];
        }
        float[] x = standardization.apply(data, batchRows);
        long[] y = labels(order, start, end);
        try (NDManager batch = trainer.getManager().newSubManager();
            GradientCollector gradients = trainer.newGradientCollector()) {
          NDArray labelArray = batch.create(y);
          NDArray logits =
              trainer
                  .forward(new NDList(batch.create(x, new Shape(end - start, data.featureCount()))))
                  .singletonOrThrow();
          NDArray batchLoss = loss.evaluate(new NDList(labelArray), new NDList(logits));
          gradients.backward(batchLoss);
          lossSum += batchLoss.getFloat() * (end - start);
          correct += correct(logits, labelArray);
        }
        trainer.step();
      }
      return new Figures(lossSum / order.length, (double) correct / order.length);
    }

    /** Loss and accuracy without updating the weights. */
    Figures measure(Trainer trainer, Loss loss) {
      int[] all = new int[size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray labelArray = batch.create(labels(all, 0, all.length));
        NDArray inputs =
            batch.create(
                standardization.apply(data, rows), new Shape(rows.length, data.featureCount()));
        NDArray logits = trainer.evaluate(new NDList(inputs)).singletonOrThrow();
        double meanLoss = loss.evaluate(new NDList(labelArray), new NDList(logits)).getFloat();
        return new Figures(meanLoss, (double) correct(logits, labelArray) / rows.length);
      }
    }

    private static long correct(NDArray logits, NDArray labels) {
      return logits.argMax(1).toType(DataType.INT64, false).eq(labels).sum().getLong();
    }
  }
}
