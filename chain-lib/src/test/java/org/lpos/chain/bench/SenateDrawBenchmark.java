package org.lpos.chain.bench;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.FollowTheSatoshi;
import org.lpos.chain.senate.StakeIndex;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The follow-the-satoshi draw of a 10-seat senate over a {@link StakeIndex} of {@code utxos}
 * outputs (random tx ids and values from a fixed seed, owned by 10,000 random keys), built once
 * per trial. {@code drawSenate} draws from the next of 1,024 seeds; {@code updateIndex} removes
 * one output and adds it back, the index's work for one spent and one created output, and
 * leaves the set unchanged.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SenateDrawBenchmark {
  private static final long SEED = 0x5EA7_E5L;
  private static final int SEATS = 10;
  private static final int OWNERS = 10_000;
  private static final int SEEDS = 1_024;
  private static final int UPDATES = 4_096;

  @Param({"10000", "100000", "1000000"})
  private int utxos;

  private StakeIndex index;
  private ByteString[] seeds;
  private Utxo[] updated;
  private int nextSeed;
  private int nextUpdate;

  /** Builds the index and the seeds; picks the outputs that {@code updateIndex} cycles through. */
  @Setup(Level.Trial)
  public void build() {
    if (utxos < UPDATES) {
      throw new IllegalArgumentException("updateIndex cycles through " + UPDATES + " outputs; utxos=" + utxos);
    }
    SplittableRandom random = new SplittableRandom(SEED);
    ByteString[] owners = new ByteString[OWNERS];
    for (int i = 0; i < OWNERS; i++) {
      owners[i] = randomBytes(random, 32);
    }
    index = new StakeIndex();
    updated = new Utxo[UPDATES];
    int stride = utxos / UPDATES;
    for (int i = 0; i < utxos; i++) {
      Utxo u = new Utxo(new OutputKey(randomBytes(random, 32), random.nextInt(4)),
          1 + random.nextLong(1_000_000_000L), owners[random.nextInt(OWNERS)]);
      index.add(u);
      if (i % stride == 0 && i / stride < UPDATES) {
        updated[i / stride] = u;
      }
    }
    seeds = new ByteString[SEEDS];
    for (int i = 0; i < SEEDS; i++) {
      seeds[i] = randomBytes(random, 64);
    }
  }

  /** One 10-seat draw. */
  @Benchmark
  public List<ByteString> drawSenate() {
    ByteString seed = seeds[nextSeed++ & (SEEDS - 1)];
    return FollowTheSatoshi.drawOwners(seed, index, SEATS);
  }

  /** One output removed from and added back to the index. */
  @Benchmark
  public int updateIndex() {
    Utxo u = updated[nextUpdate++ & (UPDATES - 1)];
    index.remove(u.key());
    index.add(u);
    return index.size();
  }

  private static ByteString randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
