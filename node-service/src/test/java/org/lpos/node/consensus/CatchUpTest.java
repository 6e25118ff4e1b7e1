package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;

/** Catch-up bookkeeping: parallel ranges from several peers, and claims that do not hold up. */
class CatchUpTest {
  private static final ByteString A = ByteString.copyFromUtf8("peer-a");
  private static final ByteString B = ByteString.copyFromUtf8("peer-b");
  private static final ByteString C = ByteString.copyFromUtf8("peer-c");
  private static final ByteString D = ByteString.copyFromUtf8("peer-d");

  @Test
  void threePeersAreAskedForConsecutiveRangesAndTheFourthWaits() {
    CatchUp c = new CatchUp(10, 1_000);
    for (ByteString p : List.of(A, B, C, D)) {
      c.claim(p, 100);
    }
    assertTrue(c.behind(5));
    List<CatchUp.Request> plan = c.plan(5, 0);
    assertEquals(List.of(new CatchUp.Request(A, 5, 10, 1_000), new CatchUp.Request(B, 15, 10, 1_000),
        new CatchUp.Request(C, 25, 10, 1_000)), plan);
    assertEquals(List.of(), c.plan(5, 10), "three requests are already out");

    c.onResponse(B, blocks(15, 24), false, 5);
    List<CatchUp.Request> next = c.plan(5, 20);
    assertEquals(1, next.size());
    assertEquals(35, next.get(0).fromHeight(), "the gap after the buffered and requested ranges");
    assertTrue(c.take(5).isEmpty(), "height 5 has not arrived");
    c.onResponse(A, blocks(5, 14), false, 5);
    for (long h = 5; h <= 24; h++) {
      assertEquals(h, c.take(h).orElseThrow().block().getBlock().getHeader().getHeight());
    }
  }

  @Test
  void aPeerThatSendsLessThanItClaimedLosesTheClaim() {
    CatchUp c = new CatchUp(10, 1_000);
    c.claim(A, 1_000_000);
    c.plan(1, 0);
    c.onResponse(A, blocks(1, 3), false, 1);
    c.take(1);
    c.take(2);
    c.take(3);
    assertFalse(c.behind(4), "A had only up to height 3");
  }

  @Test
  void aPeerThatDoesNotAnswerInTimeLosesTheClaimAndAnotherIsAsked() {
    CatchUp c = new CatchUp(10, 1_000);
    c.claim(A, 50);
    assertEquals(A, c.plan(1, 0).get(0).peer());
    c.claim(B, 50);
    assertEquals(B, c.plan(1, 10).get(0).peer());
    c.expire(1_000);
    assertTrue(c.behind(1), "B's request is not late yet");
    c.expire(1_010);
    assertFalse(c.behind(1), "neither claim holds after its request timed out");
  }

  @Test
  void aPeerThatSentABadBlockIsForgottenWithItsBlocks() {
    CatchUp c = new CatchUp(10, 1_000);
    c.claim(A, 20);
    c.claim(B, 20);
    c.plan(1, 0);
    c.onResponse(A, blocks(1, 10), false, 1);
    c.distrust(A);
    assertTrue(c.take(1).isEmpty());
    assertTrue(c.behind(1), "B still claims the blocks");
    c.onResponse(B, blocks(11, 20), false, 1);
    assertEquals(List.of(new CatchUp.Request(B, 1, 10, 1_005)), c.plan(1, 5), "what A sent is asked of B");
  }

  private static List<CertifiedBlock> blocks(long from, long to) {
    List<CertifiedBlock> list = new ArrayList<>();
    for (long h = from; h <= to; h++) {
      list.add(CertifiedBlock.newBuilder()
          .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(h))).build());
    }
    return list;
  }
}
