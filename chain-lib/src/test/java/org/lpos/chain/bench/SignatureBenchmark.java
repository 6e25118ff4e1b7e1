package org.lpos.chain.bench;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.crypto.Signatures;
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
 * Ed25519 verification of a 250-byte transaction-like message, single thread: LPOS
 * {@link SignatureVerifier#verifyUncached(ByteString, byte[], ByteString)} (the strict check with
 * a node's cache of validated points; its {@code verify} also remembers successes, which would
 * turn every repeated call here into a look-up) against BouncyCastle's raw {@code Ed25519.verify}
 * on the same keys, messages and signatures. Each call takes the next of {@code keys} distinct
 * (key, message, signature) triples, so {@code keys=1} shows a single hot key, {@code keys=1024} a
 * realistic working set that fits the key cache (65,536 entries) and {@code keys=131072} a working
 * set that does not, where every LPOS call validates its key again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignatureBenchmark {
  private static final int MESSAGE_BYTES = 250;
  private static final long SEED = 0x5161_7E5EL;

  @Param({"1", "1024", "131072"})
  private int keys;

  private ByteString[] publicKeys;
  private byte[][] rawPublicKeys;
  private byte[][] messages;
  private ByteString[] signatures;
  private byte[][] rawSignatures;
  private final SignatureVerifier verifier = new SignatureVerifier();
  private int mask;
  private int next;

  /** Derives the keys from a fixed seed and signs one random message per key. */
  @Setup(Level.Trial)
  public void setUp() {
    if (Integer.bitCount(keys) != 1) {
      throw new IllegalArgumentException("keys must be a power of two: " + keys);
    }
    SplittableRandom random = new SplittableRandom(SEED);
    publicKeys = new ByteString[keys];
    rawPublicKeys = new byte[keys][];
    messages = new byte[keys][];
    signatures = new ByteString[keys];
    rawSignatures = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
      random.nextBytes(seed);
      KeyPair pair = KeyPair.fromSeed(seed);
      byte[] message = new byte[MESSAGE_BYTES];
      random.nextBytes(message);
      ByteString signature = pair.signRaw(message);
      publicKeys[i] = pair.publicKey();
      rawPublicKeys[i] = pair.publicKey().toByteArray();
      messages[i] = message;
      signatures[i] = signature;
      rawSignatures[i] = signature.toByteArray();
      if (!Signatures.verify(publicKeys[i], message, signature)) {
        throw new IllegalStateException("fixture signature " + i + " does not verify");
      }
    }
    mask = keys - 1;
  }

  /** LPOS verification, as the transaction validator calls it. */
  @Benchmark
  public boolean lposVerify() {
    int i = next++ & mask;
    return verifier.verifyUncached(publicKeys[i], messages[i], signatures[i]);
  }

  /** BouncyCastle's verification from encoded key bytes, the reference of the 10% target. */
  @Benchmark
  public boolean bouncyCastleVerify() {
    int i = next++ & mask;
    byte[] message = messages[i];
    return Ed25519.verify(rawSignatures[i], 0, rawPublicKeys[i], 0, message, 0, message.length);
  }
}
