package org.lpos.chain.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lpos.chain.crypto.ed25519.Ed25519BatchVerifier;
import org.lpos.chain.crypto.ed25519.Ed25519PublicKey;

/**
 * The comparison of {@link BatchVerificationBenchmark} in thread CPU time instead of wall-clock
 * time, for machines shared with other work: JMH's throughput follows the share of the cores the
 * benchmark thread gets, while the CPU time a verification consumes barely depends on it. Prints
 * microseconds of CPU per signature for each method, round after round (the first rounds warm the
 * JIT up), on the same fixture: 1,024 keys, 250-byte messages, fixed seed.
 *
 * <pre>
 * chain-lib/bench.sh -l >/dev/null   # builds the test classes and the classpath file
 * java -cp chain-lib/target/test-classes:chain-lib/target/classes:$(cat chain-lib/target/bench-classpath.txt) \
 *     org.lpos.chain.bench.BatchVerificationCpuTime [rounds]
 * </pre>
 */
public final class BatchVerificationCpuTime {
  private static final int KEYS = 1024;
  private static final int MESSAGE_BYTES = 250;
  private static final long SEED = 0xBA7C_4ED5L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private BatchVerificationCpuTime() {}

  /** Runs {@code args[0]} rounds (default 15) and prints one line per round. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    SplittableRandom random = new SplittableRandom(SEED);
    byte[][] rawKeys = new byte[KEYS][];
    Ed25519.PublicPoint[] points = new Ed25519.PublicPoint[KEYS];
    byte[][] messages = new byte[KEYS][];
    byte[][] signatures = new byte[KEYS][];
    List<Ed25519BatchVerifier.Item> items = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
      random.nextBytes(seed);
      rawKeys[i] = new byte[Ed25519.PUBLIC_KEY_SIZE];
      Ed25519.generatePublicKey(seed, 0, rawKeys[i], 0);
      points[i] = Ed25519.validatePublicKeyFullExport(rawKeys[i], 0);
      messages[i] = new byte[MESSAGE_BYTES];
      random.nextBytes(messages[i]);
      signatures[i] = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, rawKeys[i], 0, messages[i], 0, MESSAGE_BYTES, signatures[i], 0);
      items.add(new Ed25519BatchVerifier.Item(Ed25519PublicKey.decode(rawKeys[i]).orElseThrow(), messages[i], signatures[i]));
    }
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier();
    System.out.println("CPU us per signature: bcFromBytes bcFromPoint ourSingle ourBatch64 ourBatch256");
    int valid = 0;
    for (int round = 1; round <= rounds; round++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        valid += Ed25519.verify(signatures[i], 0, rawKeys[i], 0, messages[i], 0, MESSAGE_BYTES) ? 1 : 0;
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        valid += Ed25519.verify(signatures[i], 0, points[i], messages[i], 0, MESSAGE_BYTES) ? 1 : 0;
      }
      long t2 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        Ed25519BatchVerifier.Item item = items.get(i);
        valid += verifier.verify(item.publicKey(), item.message(), item.signature()) ? 1 : 0;
      }
      long t3 = THREADS.getCurrentThreadCpuTime();
      valid += countValid(verifier, items, 64);
      long t4 = THREADS.getCurrentThreadCpuTime();
      valid += countValid(verifier, items, 256);
      long t5 = THREADS.getCurrentThreadCpuTime();
      System.out.printf("round %2d: %6.1f %6.1f %6.1f %6.1f %6.1f%n", round,
          perSignature(t1 - t0), perSignature(t2 - t1), perSignature(t3 - t2), perSignature(t4 - t3), perSignature(t5 - t4));
    }
    if (valid != 5 * KEYS * rounds) {
      throw new IllegalStateException("a fixture signature failed: " + valid);
    }
  }

  private static int countValid(Ed25519BatchVerifier verifier, List<Ed25519BatchVerifier.Item> items, int batchSize) {
    int valid = 0;
    for (int start = 0; start < items.size(); start += batchSize) {
      for (boolean v : verifier.verifyAll(items.subList(start, start + batchSize))) {
        valid += v ? 1 : 0;
      }
    }
    return valid;
  }

  private static double perSignature(long cpuNanos) {
    return cpuNanos / 1e3 / KEYS;
  }
}
