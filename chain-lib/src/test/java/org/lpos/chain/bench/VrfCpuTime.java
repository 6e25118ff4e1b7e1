package org.lpos.chain.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lpos.chain.crypto.ed25519.Ecvrf;
import org.lpos.chain.crypto.ed25519.Ed25519AlternativeSignatures;

/**
 * Thread CPU time of the RFC 9381 VRF ({@link Ecvrf#prove}, {@link Ecvrf#verify},
 * {@link Ecvrf#proofToHash}) and of {@link Ed25519AlternativeSignatures} (1,024 signatures per
 * call, reported per signature), with BouncyCastle's Ed25519 sign and verify on the same keys for
 * scale. CPU time rather than JMH's wall clock because these machines are shared (see
 * {@link BatchVerificationCpuTime}). 256 keys, 32-byte inputs, fixed seed; one line per round, the
 * first rounds warm the JIT up.
 *
 * <pre>
 * chain-lib/bench.sh -l >/dev/null   # builds the test classes and the classpath file
 * java -cp chain-lib/target/test-classes:chain-lib/target/classes:$(cat chain-lib/target/bench-classpath.txt) \
 *     org.lpos.chain.bench.VrfCpuTime [rounds]
 * </pre>
 */
public final class VrfCpuTime {
  private static final int KEYS = 256;
  private static final int INPUT_BYTES = 32;
  private static final int ALTERNATIVES = 1024;
  private static final long SEED = 0x9381_1919L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private VrfCpuTime() {}

  /** Runs {@code args[0]} rounds (default 12) and prints one line per round. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    SplittableRandom random = new SplittableRandom(SEED);
    byte[][] seeds = new byte[KEYS][];
    byte[][] publicKeys = new byte[KEYS][];
    byte[][] inputs = new byte[KEYS][];
    byte[][] proofs = new byte[KEYS][];
    byte[][] signatures = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      seeds[i] = new byte[32];
      random.nextBytes(seeds[i]);
      publicKeys[i] = Ecvrf.publicKey(seeds[i]);
      inputs[i] = new byte[INPUT_BYTES];
      random.nextBytes(inputs[i]);
      proofs[i] = Ecvrf.prove(seeds[i], inputs[i]);
      signatures[i] = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seeds[i], 0, publicKeys[i], 0, inputs[i], 0, INPUT_BYTES, signatures[i], 0);
    }
    System.out.println("CPU us per operation: vrfProve vrfVerify vrfProofToHash alternativeSignature bcSign bcVerify");
    long sink = 0;
    for (int round = 1; round <= rounds; round++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        sink += Ecvrf.prove(seeds[i], inputs[i])[0];
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        sink += Ecvrf.verify(publicKeys[i], proofs[i], inputs[i]).orElseThrow()[0];
      }
      long t2 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        sink += Ecvrf.proofToHash(proofs[i]).orElseThrow()[0];
      }
      long t3 = THREADS.getCurrentThreadCpuTime();
      int alternativeCalls = 4;
      for (int i = 0; i < alternativeCalls; i++) {
        sink += Ed25519AlternativeSignatures.sign(seeds[i], inputs[i], ALTERNATIVES, round).size();
      }
      long t4 = THREADS.getCurrentThreadCpuTime();
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      for (int i = 0; i < KEYS; i++) {
        Ed25519.sign(seeds[i], 0, publicKeys[i], 0, inputs[i], 0, INPUT_BYTES, signature, 0);
        sink += signature[0];
      }
      long t5 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < KEYS; i++) {
        sink += Ed25519.verify(signatures[i], 0, publicKeys[i], 0, inputs[i], 0, INPUT_BYTES) ? 1 : 0;
      }
      long t6 = THREADS.getCurrentThreadCpuTime();
      System.out.printf("round %2d: %7.1f %7.1f %7.1f %7.2f %7.1f %7.1f%n", round,
          micros(t1 - t0, KEYS), micros(t2 - t1, KEYS), micros(t3 - t2, KEYS),
          micros(t4 - t3, alternativeCalls * ALTERNATIVES), micros(t5 - t4, KEYS), micros(t6 - t5, KEYS));
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static double micros(long nanos, int operations) {
    return nanos / 1e3 / operations;
  }
}
