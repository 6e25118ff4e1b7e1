package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches of the sizes a node sees, from one signature to a large block: all valid, exactly item k
 * bad (first, middle, last and a random position), and every item bad.
 */
class Ed25519BatchSizesTest {
  private static final long SEED = 20261203L;

  private static List<Ed25519Fixtures.Signed> signed(int size, SplittableRandom random) {
    List<Ed25519Fixtures.Signed> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(Ed25519Fixtures.sign(random, 250));
    }
    return all;
  }

  private static List<Ed25519BatchVerifier.Item> items(List<Ed25519Fixtures.Signed> signed) {
    return signed.stream().map(Ed25519Fixtures.Signed::item).toList();
  }

  private static Ed25519Fixtures.Signed corrupted(Ed25519Fixtures.Signed signed, SplittableRandom random) {
    return signed.withSignature(Ed25519Fixtures.flipBit(signed.signature(), random.nextInt(512)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 64, 1000})
  void validBatchesPassAndExactlyTheBadItemIsReported(int size) {
    long seed = SEED + size;
    System.out.println("Ed25519BatchSizesTest size=" + size + " seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(seed));
    List<Ed25519Fixtures.Signed> signed = signed(size, random);

    boolean[] allValid = new boolean[size];
    Arrays.fill(allValid, true);
    assertArrayEquals(allValid, verifier.verifyAll(items(signed)));

    for (int bad : new int[] {0, size / 2, size - 1, random.nextInt(size)}) {
      List<Ed25519Fixtures.Signed> withBad = new ArrayList<>(signed);
      withBad.set(bad, corrupted(signed.get(bad), random));
      boolean[] expected = allValid.clone();
      expected[bad] = false;
      assertArrayEquals(expected, verifier.verifyAll(items(withBad)), "bad item " + bad);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 64})
  void batchesOfOnlyBadItemsReportThemAll(int size) {
    long seed = SEED - size;
    System.out.println("Ed25519BatchSizesTest all bad size=" + size + " seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<Ed25519Fixtures.Signed> bad = signed(size, random).stream().map(s -> corrupted(s, random)).toList();
    assertArrayEquals(new boolean[size], new Ed25519BatchVerifier(new Random(seed)).verifyAll(items(bad)));
  }
}
