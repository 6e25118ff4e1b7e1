package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The follow-the-satoshi draw of PROTOCOL §5, checked against the rule computed independently in
 * the test: {@code s(i+1) = SHA-256(SHA-256(s(i)))}, {@code k = floor(uint256(s) * T / 2^256)},
 * outputs ordered by (tx id as unsigned bytes, index).
 */
class FollowTheSatoshiTest {
  private static final ByteString ALICE = owner("alice");
  private static final ByteString BOB = owner("bob");
  private static final ByteString CAROL = owner("carol");

  private static ByteString owner(String name) {
    return ByteString.copyFromUtf8(name);
  }

  private static ByteString txId(int firstByte) {
    byte[] id = new byte[32];
    id[0] = (byte) firstByte;
    return ByteString.copyFrom(id);
  }

  /** Alice [0,10), Bob [10,30), Carol [30,60): 0x7f.. sorts before 0x80.. as unsigned bytes. */
  private static List<Utxo> threeOutputs() {
    return List.of(
        new Utxo(new OutputKey(txId(0x80), 0), 30, CAROL),
        new Utxo(new OutputKey(txId(0x7f), 1), 20, BOB),
        new Utxo(new OutputKey(txId(0x7f), 0), 10, ALICE));
  }

  private static StakeIndex index(List<Utxo> utxos) {
    StakeIndex stake = new StakeIndex();
    utxos.forEach(stake::add);
    return stake;
  }

  private static byte[] doubleSha256(byte[] data) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    return sha.digest(sha.digest(data));
  }

  @Test
  void coveringIntervalsFollowUnsignedOrder() {
    StakeIndex stake = index(threeOutputs());
    assertEquals(60, stake.totalValue());
    assertEquals(ALICE, stake.ownerAt(0));
    assertEquals(ALICE, stake.ownerAt(9));
    assertEquals(BOB, stake.ownerAt(10));
    assertEquals(BOB, stake.ownerAt(29));
    assertEquals(CAROL, stake.ownerAt(30));
    assertEquals(CAROL, stake.ownerAt(59));
    assertThrows(IllegalArgumentException.class, () -> stake.ownerAt(60));
    assertThrows(IllegalArgumentException.class, () -> stake.ownerAt(-1));
  }

  @Test
  void positionIsTheExactIntegerRule() {
    byte[] zero = new byte[32];
    byte[] max = new byte[32];
    Arrays.fill(max, (byte) 0xff);
    byte[] half = new byte[32];
    half[0] = (byte) 0x80;
    assertEquals(0, FollowTheSatoshi.position(zero, 60));
    assertEquals(59, FollowTheSatoshi.position(max, 60));
    assertEquals(30, FollowTheSatoshi.position(half, 60));
    assertEquals(Long.MAX_VALUE - 1, FollowTheSatoshi.position(max, Long.MAX_VALUE));
    byte[] justBelowHalf = max.clone();
    justBelowHalf[0] = 0x7f;
    assertEquals(29, FollowTheSatoshi.position(justBelowHalf, 60));
  }

  @Test
  void drawMatchesTheRuleComputedByHand() throws Exception {
    List<ByteString> byPosition = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      byPosition.add(k < 10 ? ALICE : k < 30 ? BOB : CAROL);
    }
    byte[] s = "seed of height 1".getBytes(StandardCharsets.US_ASCII);
    List<ByteString> expected = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      s = doubleSha256(s);
      int k = new BigInteger(1, s).multiply(BigInteger.valueOf(60)).divide(BigInteger.TWO.pow(256)).intValueExact();
      expected.add(byPosition.get(k));
    }
    ByteString seed = ByteString.copyFromUtf8("seed of height 1");
    assertEquals(expected, FollowTheSatoshi.drawOwners(seed, index(threeOutputs()), 9));
    Senate senate = new FollowTheSatoshi().draw(1, seed, index(threeOutputs()), 9);
    assertEquals(expected, senate.seats());
    assertEquals(1, senate.height());
  }

  @Test
  void singleStakeholderOwnsEverySeat() {
    StakeIndex stake = index(List.of(new Utxo(new OutputKey(txId(1), 0), 5, ALICE)));
    assertEquals(Collections.nCopies(4, ALICE), FollowTheSatoshi.drawOwners(ByteString.copyFromUtf8("x"), stake, 4));
  }

  @Test
  void insertionOrderDoesNotChangeTheDraw() {
    long seed = 20240601L;
    System.out.println("FollowTheSatoshiTest.insertionOrderDoesNotChangeTheDraw seed=" + seed);
    Random random = new Random(seed);
    List<Utxo> utxos = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      utxos.add(new Utxo(new OutputKey(ByteString.copyFrom(id), random.nextInt(3)), 1 + random.nextInt(1_000),
          owner("owner-" + random.nextInt(20))));
    }
    ByteString drawSeed = ByteString.copyFromUtf8("draw");
    List<ByteString> reference = FollowTheSatoshi.drawOwners(drawSeed, index(utxos), 31);
    for (int shuffle = 0; shuffle < 5; shuffle++) {
      List<Utxo> shuffled = new ArrayList<>(utxos);
      Collections.shuffle(shuffled, random);
      assertEquals(reference, FollowTheSatoshi.drawOwners(drawSeed, index(shuffled), 31));
    }
    StakeIndex withChurn = new StakeIndex();
    Utxo extra = new Utxo(new OutputKey(ByteString.copyFromUtf8("extra"), 0), 500, owner("x"));
    withChurn.add(extra);
    utxos.forEach(withChurn::add);
    withChurn.remove(extra.key());
    assertEquals(reference, FollowTheSatoshi.drawOwners(drawSeed, withChurn, 31));
  }

  @Test
  void atLeastOneSeatAndSomeStake() {
    assertThrows(IllegalArgumentException.class,
        () -> FollowTheSatoshi.drawOwners(ByteString.EMPTY, index(threeOutputs()), 0));
    assertThrows(IllegalStateException.class,
        () -> FollowTheSatoshi.drawOwners(ByteString.EMPTY, new StakeIndex(), 1));
  }
}
