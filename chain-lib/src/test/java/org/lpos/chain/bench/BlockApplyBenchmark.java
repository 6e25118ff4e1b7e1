package org.lpos.chain.bench;

import java.util.concurrent.TimeUnit;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation and application of a certified block of 1,000 signed transactions (one input, two
 * outputs each, from 1,000 members) on a {@link ChainState} whose UTXO set holds {@code utxos}
 * outputs. {@code check} only judges the block (header, certificate, ticket, every transaction);
 * {@code apply} judges it and then changes the UTXO set and stake index. Since applying consumes
 * the state, {@code apply} gets a fresh state started from the same genesis block before every
 * invocation, outside the measured time; {@code check} changes nothing and reuses one state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlockApplyBenchmark {
  private static final long SEED = 20_260_101L;
  private static final int MEMBERS = 1_000;
  private static final int TRANSACTIONS = 1_000;

  /** The genesis block, block 1, and a state that {@code check} may share. */
  @State(Scope.Benchmark)
  public static class Chain {
    @Param({"10000", "100000"})
    int utxos;

    BlockFixture fixture;
    ChainState shared;

    /** Builds the fixture once per trial. */
    @Setup(Level.Trial)
    public void build() {
      fixture = BlockFixture.create(SEED, MEMBERS, utxos, TRANSACTIONS);
      shared = fixture.freshState();
    }
  }

  /** A state after genesis that one {@code apply} invocation may consume. */
  @State(Scope.Thread)
  public static class Fresh {
    ChainState state;

    /** Starts a new state before each invocation (not measured). */
    @Setup(Level.Invocation)
    public void start(Chain chain) {
      state = chain.fixture.freshState();
    }

    /** Fails the run if the measured call did not apply the block. */
    @TearDown(Level.Invocation)
    public void verifyApplied() {
      if (state.tip().height() != 1) {
        throw new IllegalStateException("block 1 was not applied");
      }
    }
  }

  /** Forgets the shared state's remembered verifications before each invocation, so validation is cold. */
  @State(Scope.Thread)
  public static class Cold {
    /** Clears the remembered verifications (not measured). */
    @Setup(Level.Invocation)
    public void forget(Chain chain) {
      chain.shared.caches().signatures().forgetVerified();
    }
  }

  /** Validation only, every signature verified: the outcome must be valid, and nothing changes. */
  @Benchmark
  public BlockOutcome check(Chain chain, Cold cold) {
    return checkShared(chain);
  }

  /**
   * Validation of a block whose signatures were verified before (as when its transactions
   * entered this node's pool): the remembered verifications are reused.
   */
  @Benchmark
  public BlockOutcome checkRemembered(Chain chain) {
    return checkShared(chain);
  }

  private static BlockOutcome checkShared(Chain chain) {
    BlockOutcome outcome = chain.shared.check(chain.fixture.block);
    if (!(outcome instanceof BlockOutcome.Valid)) {
      throw new IllegalStateException("block 1 is invalid: " + outcome);
    }
    return outcome;
  }

  /**
   * Validation plus application on a fresh state, every signature verified: a fresh state has
   * caches of its own, empty.
   */
  @Benchmark
  public BlockOutcome apply(Chain chain, Fresh fresh) {
    return fresh.state.apply(chain.fixture.block);
  }
}
