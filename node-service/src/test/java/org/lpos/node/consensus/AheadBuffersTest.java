package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.Vote;

/**
 * The buffers of input ahead of a node's height (issue 14): {@link NextHeightBuffer} and the
 * blocks {@link CatchUp} keeps stay within their byte bounds, per peer and in all, under a flood
 * of large junk, and what a node can check before it knows that height's senate is checked.
 */
class AheadBuffersTest {
  private static final long T = CoreCluster.T0;
  /** One mebibyte of junk, shared by every message of a flood (the test's heap holds it once). */
  private static final ByteString MIB = ByteString.copyFrom(new byte[1 << 20]);

  private static ByteString peer(int i) {
    return ByteString.copyFromUtf8("peer-" + i);
  }

  private static PeerMessage largeProposal(int round) {
    return largeProposal(round, 1);
  }

  /** A proposal of {@code mebibytes} MiB of junk. */
  private static PeerMessage largeProposal(int round, int mebibytes) {
    Transaction.Builder junk = Transaction.newBuilder();
    for (int i = 0; i < mebibytes; i++) {
      junk.addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder().setTxId(MIB)));
    }
    Block block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(2).setRound(round))
        .addTransactions(junk).build();
    return PeerMessage.newBuilder().setProposal(Proposal.newBuilder().setHeight(2).setRound(round).setBlock(block))
        .build();
  }

  private static CertifiedBlock largeBlock(long height) {
    return CertifiedBlock.newBuilder().setBlock(Block.newBuilder()
        .setHeader(BlockHeader.newBuilder().setHeight(height))
        .addTransactions(Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(
            OutputRef.newBuilder().setTxId(MIB))))).build();
  }

  @Test
  void nextHeightMessagesStayWithinTheirByteBoundsPerPeerAndInAll() {
    NextHeightBuffer buffer = new NextHeightBuffer(4L << 20);
    int keptFromOne = 0;
    for (int round = 0; round < 200; round++) {
      keptFromOne += buffer.add(new Event.Received(T, peer(0), largeProposal(round))) ? 1 : 0;
    }
    assertTrue(buffer.bytes() <= buffer.perPeerBytes(), buffer.bytes() + " bytes from one peer");
    assertTrue(keptFromOne >= 8, "one peer still has its honest share (two 4 MiB proposals): " + keptFromOne);
    for (int p = 1; p < 20; p++) {
      for (int round = 0; round < 200; round++) {
        buffer.add(new Event.Received(T, peer(p), largeProposal(round)));
      }
    }
    assertTrue(buffer.bytes() <= buffer.totalBytes(), buffer.bytes() + " bytes in all");
    assertTrue(buffer.totalBytes() < 40L << 20, "about 33 MiB for 4 MiB blocks: " + buffer.totalBytes());
    assertFalse(buffer.add(new Event.Received(T, peer(0), largeProposal(0))), "a copy is not held twice");
  }

  @Test
  void fetchedBlocksStayWithinTheirByteBoundsAndLowHeightsWin() {
    CatchUp c = new CatchUp(64, 1_000);
    for (int p = 0; p < 6; p++) {
      for (long h = 2; h < 258; h++) {
        c.offer(peer(p), largeBlock(h), 1);
      }
      assertTrue(c.bufferedBytesOf(peer(p)) <= CatchUp.MAX_BUFFERED_BYTES_PER_PEER);
      assertTrue(c.bufferedBytes() <= CatchUp.MAX_BUFFERED_BYTES, c.bufferedBytes() + " bytes");
    }
    assertTrue(c.bufferedBytes() > CatchUp.MAX_BUFFERED_BYTES / 2, "the flood filled the buffer");
    c.offer(peer(9), largeBlock(1), 1);
    assertEquals(peer(9), c.take(1).orElseThrow().from(), "the block at the next height is always kept");
    for (long h = 2; h < 10; h++) {
      assertTrue(c.take(h).isPresent(), "lower heights are kept before higher ones: " + h);
    }
  }

  @Test
  void aResponseCutByItsFrameKeepsThePeersClaim() {
    CatchUp c = new CatchUp(10, 1_000);
    ByteString a = peer(0);
    c.claim(a, 1_000);
    c.plan(1, 0);
    c.onResponse(a, List.of(largeBlock(1), largeBlock(2)), true, 1);
    c.take(1);
    c.take(2);
    assertTrue(c.behind(3), "a full frame is no short chain");
    assertEquals(List.of(new CatchUp.Request(a, 3, 10, 1_000)), c.plan(3, 0), "the rest is asked again");
  }

  @Test
  void nextHeightInputIsScreenedBeforeItIsKept() {
    CoreCluster c = new CoreCluster(4, 4);
    NodeCore core = c.core(0);
    KeyPair stakeholder = c.keys.get(c.key(1));
    Vote good = ScenarioBlocks.prevote(stakeholder, 2, 0, ByteString.copyFrom(new byte[32]));
    Vote forged = good.toBuilder().setRound(1).build();
    Ready r = core.handle(new Event.Received(T, c.key(1), ConsensusMessages.wrap(forged)));
    assertEquals(List.of(Reason.BAD_MESSAGE), r.rejected().stream().map(Rejection::reason).toList());
    assertEquals(List.of(c.key(1)), r.offences().stream().map(Offence::peer).toList(), "a bad signature is charged");

    r = core.handle(new Event.Received(T, c.key(1), largeProposal(0, 2)));
    assertEquals(List.of(Reason.BAD_MESSAGE), r.rejected().stream().map(Rejection::reason).toList(),
        "a proposal larger than the chain's block limit (1 MiB here) is refused unread");

    KeyPair stranger = TestMembers.derive(99, 1).get(0).keys();
    Vote strangers = ScenarioBlocks.prevote(stranger, 2, 0, ByteString.copyFrom(new byte[32]));
    r = core.handle(new Event.Received(T, c.key(1), ConsensusMessages.wrap(strangers)));
    assertTrue(r.rejected().isEmpty(), "a signer without stake now is dropped, not blamed (it may gain stake)");

    r = core.handle(new Event.Received(T, c.key(1), ConsensusMessages.wrap(good)));
    assertTrue(r.rejected().isEmpty(), r.rejected().toString());
  }

  @Test
  void aBlockAheadWithAnImpossibleCertificateIsRefusedBeforeItIsKept() {
    CoreCluster c = new CoreCluster(4, 4);
    CertifiedBlock junk = largeBlock(5).toBuilder().setBlock(largeBlock(5).getBlock().toBuilder()
        .setHeader(BlockHeader.newBuilder().setHeight(5).setChainId(CoreCluster.CHAIN_ID))
        .clearTransactions()).build();
    Ready r = c.core(0).handle(new Event.Received(T, c.key(1), PeerMessage.newBuilder().setCommittedBlock(junk).build()));
    assertEquals(List.of(Reason.BAD_MESSAGE), r.rejected().stream().map(Rejection::reason).toList(),
        "a certificate for another block: " + r.rejected());
    assertEquals(List.of(c.key(1)), r.offences().stream().map(Offence::peer).toList());
  }
}
