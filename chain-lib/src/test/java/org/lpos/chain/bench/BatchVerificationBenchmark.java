package org.lpos.chain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lpos.chain.crypto.ed25519.Ed25519BatchVerifier;
import org.lpos.chain.crypto.ed25519.Ed25519PublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 verifications per second, single thread, of 250-byte messages under 1,024 distinct keys
 * decoded once (as a node keeps validated keys): BouncyCastle's {@code verify} from key bytes and
 * from its validated {@code PublicPoint}, our single {@link Ed25519BatchVerifier#verify} and our
 * {@link Ed25519BatchVerifier#verifyAll} on all-valid batches of {@code batchSize} (64 or 256).
 * Every benchmark reports signatures per second, so the batch figures compare directly with the
 * single checks; the batch size parameter multiplies only the batch benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchVerificationBenchmark {
  private static final int MESSAGE_BYTES = 250;
  private static final int KEYS = 1024;
  private static final int SIGNATURES_PER_BATCH_CALL = 256;
  private static final long SEED = 0xBA7C_4ED5L;

  private byte[][] rawPublicKeys;
  private Ed25519.PublicPoint[] publicPoints;
  private Ed25519PublicKey[] keys;
  private byte[][] messages;
  private byte[][] signatures;
  private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier();
  private int next;

  /** The fixture cut into all-valid batches of {@code batchSize} (only the batch benchmark uses it). */
  @State(Scope.Thread)
  public static class Batches {
    @Param({"64", "256"})
    int batchSize;

    private final List<List<Ed25519BatchVerifier.Item>> batches = new ArrayList<>();
    private int next;

    /** Cuts the fixture's signatures into batches and checks that each verifies. */
    @Setup(Level.Trial)
    public void setUp(BatchVerificationBenchmark fixture) {
      for (int start = 0; start + batchSize <= KEYS; start += batchSize) {
        List<Ed25519BatchVerifier.Item> batch = new ArrayList<>(batchSize);
        for (int i = start; i < start + batchSize; i++) {
          batch.add(new Ed25519BatchVerifier.Item(fixture.keys[i], fixture.messages[i], fixture.signatures[i]));
        }
        for (boolean valid : fixture.verifier.verifyAll(batch)) {
          if (!valid) {
            throw new IllegalStateException("fixture batch does not verify");
          }
        }
        batches.add(batch);
      }
    }

    List<Ed25519BatchVerifier.Item> nextBatch() {
      return batches.get(next++ % batches.size());
    }
  }

  /** Derives the keys from a fixed seed, signs one message per key and cuts the batches. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(SEED);
    rawPublicKeys = new byte[KEYS][];
    publicPoints = new Ed25519.PublicPoint[KEYS];
    keys = new Ed25519PublicKey[KEYS];
    messages = new byte[KEYS][];
    signatures = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
      random.nextBytes(seed);
      rawPublicKeys[i] = new byte[Ed25519.PUBLIC_KEY_SIZE];
      Ed25519.generatePublicKey(seed, 0, rawPublicKeys[i], 0);
      publicPoints[i] = Ed25519.validatePublicKeyFullExport(rawPublicKeys[i], 0);
      keys[i] = Ed25519PublicKey.decode(rawPublicKeys[i]).orElseThrow();
      messages[i] = new byte[MESSAGE_BYTES];
      random.nextBytes(messages[i]);
      signatures[i] = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, rawPublicKeys[i], 0, messages[i], 0, MESSAGE_BYTES, signatures[i], 0);
    }
  }

  /** BouncyCastle from encoded key bytes (decodes the key on every call). */
  @Benchmark
  public boolean bouncyCastleFromBytes() {
    int i = next++ & (KEYS - 1);
    return Ed25519.verify(signatures[i], 0, rawPublicKeys[i], 0, messages[i], 0, MESSAGE_BYTES);
  }

  /** BouncyCastle from a validated point, as LPOS's SignatureVerifier calls it. */
  @Benchmark
  public boolean bouncyCastleFromPoint() {
    int i = next++ & (KEYS - 1);
    return Ed25519.verify(signatures[i], 0, publicPoints[i], messages[i], 0, MESSAGE_BYTES);
  }

  /** Our single check from a decoded key. */
  @Benchmark
  public boolean ourSingle() {
    int i = next++ & (KEYS - 1);
    return verifier.verify(keys[i], messages[i], signatures[i]);
  }

  /**
   * {@value #SIGNATURES_PER_BATCH_CALL} signatures per call, verified in batches of
   * {@code batchSize}, so the score is in signatures per second like the single checks.
   */
  @Benchmark
  @OperationsPerInvocation(SIGNATURES_PER_BATCH_CALL)
  public int ourBatch(Batches batches) {
    int valid = 0;
    for (int done = 0; done < SIGNATURES_PER_BATCH_CALL; done += batches.batchSize) {
      for (boolean v : verifier.verifyAll(batches.nextBatch())) {
        valid += v ? 1 : 0;
      }
    }
    return valid;
  }
}
