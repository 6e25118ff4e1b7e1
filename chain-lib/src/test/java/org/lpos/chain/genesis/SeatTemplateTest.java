package org.lpos.chain.genesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lpos.chain.chainfile.ChainVerifier;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;

/** A chain as a template of stake: the same N gives the same bytes, another N another genesis. */
class SeatTemplateTest {
  private static final ChainParams PARAMS = ChainParams.newBuilder().setChainId("lpos-template").setSenateSeats(10)
      .setMaxBlockTransactions(10_000).setMaxBlockBytes(4 << 20).build();
  private static List<Member> members;
  private static Map<ByteString, KeyPair> keys;
  private static ChainFile richMen;

  @BeforeAll
  static void template() {
    members = TestMembers.derive(42, 100);
    keys = new LinkedHashMap<>();
    members.forEach(m -> keys.put(m.keys().publicKey(), m.keys()));
    richMen = ShippedChains.richMen(PARAMS, members, 10);
  }

  private static ByteString genesisHash(ChainFile chain) {
    return Blocks.hash(chain.getBlocks(0).getBlock());
  }

  @Test
  void theTemplatesOwnSeatCountLeavesItUnchanged() {
    assertSame(richMen, SeatTemplate.withSeats(richMen, 10, keys));
  }

  @Test
  void theSameSeatCountDerivesByteIdenticalChains() {
    ChainFile a = SeatTemplate.withSeats(richMen, 4, keys);
    ChainFile b = SeatTemplate.withSeats(ShippedChains.richMen(PARAMS, members, 10), 4, keys);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
    assertEquals(4, SeatTemplate.seatsOf(a));
  }

  @Test
  void differentSeatCountsDeriveDifferentGenesisHashes() {
    ByteString one = genesisHash(SeatTemplate.withSeats(richMen, 1, keys));
    ByteString four = genesisHash(SeatTemplate.withSeats(richMen, 4, keys));
    assertNotEquals(one, four);
    assertNotEquals(genesisHash(richMen), one);
    assertNotEquals(genesisHash(richMen), four);
  }

  @Test
  void derivingIsWhatTheShippedGeneratorMakesWithThatSeatCount() {
    for (int seats : new int[] {1, 4, 13}) {
      ChainFile generated = ShippedChains.richMen(PARAMS.toBuilder().setSenateSeats(seats).build(), members, 10);
      assertEquals(generated, SeatTemplate.withSeats(richMen, seats, keys), "N = " + seats);
    }
  }

  @Test
  void derivedChainsVerifyAndKeepTheStake() {
    for (ChainFile template : List.of(richMen, ShippedChains.genic(PARAMS, members),
        ShippedChains.richMen(PARAMS, members, 100))) {
      ChainFile derived = SeatTemplate.withSeats(template, 7, keys);
      ChainVerifier.Report report = ChainVerifier.verify(derived);
      assertTrue(report.ok(), report.problems().toString());
      assertEquals(template.getBlocksCount(), derived.getBlocksCount());
      for (int h = 0; h < template.getBlocksCount(); h++) {
        assertEquals(template.getBlocks(h).getBlock().getTransactionsList(),
            derived.getBlocks(h).getBlock().getTransactionsList(), "height " + h);
      }
    }
  }

  @Test
  void aMissingSenatorKeyIsRefusedWithTheBlock() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SeatTemplate.withSeats(richMen, 4, Map.of()));
    assertTrue(e.getMessage().startsWith("block 1 cannot be certified again with 4 seats"), e.getMessage());
  }

  @Test
  void seatCountsOutsideTheGenesisRulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SeatTemplate.withSeats(richMen, 0, keys));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SeatTemplate.withSeats(richMen, 10_001, keys));
    assertTrue(e.getMessage().contains("senate_seats must be 1-10000"), e.getMessage());
  }
}
