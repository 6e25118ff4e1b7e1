package org.lpos.lab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * A random-seed sweep ({@code lpos simulate --sweep}): N runs per Byzantine mode, their seeds drawn
 * from one master seed, run on a few threads. Each run is its own {@link Simulation} with its own
 * generator, and the caches shared by the process (verified signatures, transaction ids) are pure
 * and thread-safe, so a run gives the same summary in a sweep as alone from its replay command.
 */
public final class Sweep {
  /**
   * One finished run: its index in the plan, its configuration, its summary (empty if the run
   * threw, which {@code error} then names) and the wall time it took.
   */
  public record Outcome(int index, SimulationConfig config, Optional<SimulationSummary> summary, String error,
      double wallSeconds) {
    /** Whether every checker held (a run that threw did not). */
    public boolean ok() {
      return summary.isPresent() && summary.get().ok();
    }
  }

  private Sweep() {}

  /**
   * The runs of a sweep: for each mode in order, {@code perMode} seeds drawn from {@code masterSeed},
   * each turned into a configuration by {@code configOf} (mode, seed).
   */
  public static List<SimulationConfig> plan(long masterSeed, List<ByzantineMode> modes, int perMode,
      ModeConfigs configOf) {
    SplittableRandom random = new SplittableRandom(masterSeed);
    List<SimulationConfig> configs = new ArrayList<>();
    for (ByzantineMode mode : modes) {
      for (int i = 0; i < perMode; i++) {
        configs.add(configOf.of(mode, random.nextLong() & Long.MAX_VALUE));
      }
    }
    return configs;
  }

  /** Builds the configuration of one run of a sweep. */
  @FunctionalInterface
  public interface ModeConfigs {
    /** The configuration of the run of {@code mode} with {@code seed}. */
    SimulationConfig of(ByzantineMode mode, long seed);
  }

  /**
   * Runs every configuration on {@code threads} threads; {@code onDone} is called on the calling
   * thread as each run finishes. Returns the outcomes in plan order.
   */
  public static List<Outcome> run(List<SimulationConfig> configs, int threads, Consumer<Outcome> onDone)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "sweep");
      t.setDaemon(true);
      return t;
    });
    try {
      ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
      for (int i = 0; i < configs.size(); i++) {
        int index = i;
        done.submit(() -> runOne(index, configs.get(index)));
      }
      Outcome[] outcomes = new Outcome[configs.size()];
      for (int i = 0; i < configs.size(); i++) {
        Future<Outcome> next = done.take();
        Outcome o = get(next);
        outcomes[o.index()] = o;
        onDone.accept(o);
      }
      return List.of(outcomes);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome runOne(int index, SimulationConfig config) {
    long started = System.nanoTime();
    try {
      SimulationSummary summary = new Simulation(config, line -> { }, Integer.MAX_VALUE, 0).run();
      return new Outcome(index, config, Optional.of(summary), "", (System.nanoTime() - started) / 1e9);
    } catch (RuntimeException e) {
      // A core that fails fast on a broken invariant is a finding like any other: report, go on.
      return new Outcome(index, config, Optional.empty(), e.toString(), (System.nanoTime() - started) / 1e9);
    }
  }

  private static Outcome get(Future<Outcome> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a sweep run failed outside the simulation: " + e.getCause(), e.getCause());
    }
  }
}
