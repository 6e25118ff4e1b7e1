package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.chain.model.BlockSizes;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;

/**
 * Sizes that agree (issue 14): the transaction size rule at the pool, a proposer that fills its
 * block by exact encoded size, and batches the core emits split into frames under
 * {@link FrameLimits#MAX_FRAME_BYTES}.
 */
class SizeLimitsTest {
  /** About 58 KB: under the default transaction limit, 18 of them exceed 1 MiB. */
  private static final int LARGE_OUTPUTS = 1_200;

  private static List<Reason> reasons(Ready r) {
    return r.rejected().stream().map(Rejection::reason).toList();
  }

  private static int frameBytes(PeerMessage m) {
    return PeerEnvelope.newBuilder().setMessage(m).build().getSerializedSize();
  }

  @Test
  void aTransactionOverTheSizeRuleIsRefusedFromAClientAndChargedToAPeer() {
    CoreCluster c = new CoreCluster(4, 4);
    Transaction huge = c.fanOut(0, 1_400, 0);
    assertTrue(huge.getSerializedSize() > TransactionLimits.DEFAULT_MAX_BYTES, "fixture size");

    Ready submitted = c.core(0).handle(new Event.SubmitTransaction(c.now, huge));
    assertEquals(List.of(Reason.TRANSACTION_TOO_LARGE), reasons(submitted));
    assertEquals(0, c.core(0).status().poolSize());

    PeerMessage batch = PeerMessage.newBuilder()
        .setTransactions(TransactionBatch.newBuilder().addTransactions(huge)).build();
    Ready relayed = c.core(1).handle(new Event.Received(c.now, c.key(2), batch));
    assertEquals(List.of(Reason.TRANSACTION_TOO_LARGE), reasons(relayed));
    assertEquals(List.of(c.key(2)), relayed.offences().stream().map(Offence::peer).toList(),
        "honest peers refuse it on entry, so relaying it is the sender's fault");
    assertEquals(0, c.core(1).status().poolSize());
  }

  @Test
  void reapPassesOverATransactionThatDoesNotFitAndTakesSmallerOnesBehindIt() {
    CoreCluster c = new CoreCluster(4, 4);
    var chain = c.core(0).chain();
    TxPool pool = new TxPool(100, 64L << 20, chain.params(), chain.caches());
    Transaction large = c.fanOut(0, 800, 0);
    List<Transaction> small = List.of(c.payment(1, 0, 10, 0), c.payment(2, 0, 10, 0), c.payment(3, 0, 10, 0));
    assertTrue(pool.add(CoreCluster.CHAIN_ID, large, chain.utxos()).isEmpty());
    small.forEach(tx -> assertTrue(pool.add(CoreCluster.CHAIN_ID, tx, chain.utxos()).isEmpty()));
    long room = small.stream().mapToLong(BlockSizes::transactionField).sum();
    assertTrue(room < BlockSizes.transactionField(large), "fixture sizes");

    assertEquals(small, pool.reap(0, room), "the large one does not fit; the three behind it do, exactly");
    assertEquals(small.subList(0, 2), pool.reap(0, room - 1), "one byte less and the last one no longer fits");
  }

  @Test
  void aProposerFillsItsBlockByEncodedSizeCloseToTheLimitAndNeverOver() {
    for (long seed = 14; seed < 17; seed++) {
      System.out.println("seed " + seed);
      Random random = new Random(seed);
      int maxBlockBytes = 60_000 + random.nextInt(20_000);
      CoreCluster c = new CoreCluster(4, 4, ConsensusConfig.defaults(), 12, maxBlockBytes);
      List<Transaction> submitted = new ArrayList<>();
      for (int i = 0; i < 44; i++) {
        int outputs = 1 + random.nextInt(random.nextBoolean() ? 20 : 300);
        Transaction tx = c.fanOut(i % 4, outputs, i / 4);
        submitted.add(tx);
        c.submit(i % 4, tx);
      }
      c.advanceTo(c.now + 5_000);
      Block block = c.core(0).committedBlocks().get(0).getBlock();
      long size = block.getSerializedSize();
      assertTrue(size <= maxBlockBytes, "seed " + seed + ": " + size + " bytes, limit " + maxBlockBytes);
      Set<ByteString> taken = new HashSet<>(block.getTransactionsList().stream().map(Transactions::id).toList());
      for (Transaction tx : submitted) {
        if (!taken.contains(Transactions.id(tx))) {
          assertTrue(size + BlockSizes.transactionField(tx) > maxBlockBytes,
              "seed " + seed + ": a transaction of " + tx.getSerializedSize() + " bytes was left out of a block of "
                  + size + " bytes that had room for it");
        }
      }
    }
  }

  @Test
  void aPoolOverFourMibIsHandedToTheNextSenateInFramesUnderTheCap() {
    CoreCluster c = new CoreCluster(4, 1, ConsensusConfig.defaults(), 30, 1 << 20);
    ByteString senator = c.core(0).chain().nextSenate().senators().get(0);
    int senatorIndex = indexOf(c, senator);
    List<Transaction> submitted = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      Transaction tx = c.fanOut(i % 4, LARGE_OUTPUTS, i / 4);
      submitted.add(tx);
      // The only senator's own clients: nothing leaves (no other senator), all of it is in its pool.
      c.absorb(senator, c.core(senatorIndex).handle(new Event.SubmitTransaction(c.now, tx)));
    }
    assertEquals(110, c.core(senatorIndex).status().poolSize());
    List<PeerMessage> handoff = new ArrayList<>();
    for (int step = 0; step < 40 && handoff.isEmpty(); step++) {
      c.advanceTo(c.now + 100);
      c.sent.stream().filter(e -> e.from().equals(senator) && e.message().hasTransactions())
          .forEach(e -> handoff.add(e.message()));
    }
    assertFalse(handoff.isEmpty(), "the senator left the senate and handed its pool over");
    long total = 0;
    List<Transaction> handed = new ArrayList<>();
    for (PeerMessage frame : handoff) {
      assertTrue(frameBytes(frame) <= FrameLimits.MAX_FRAME_BYTES, frameBytes(frame) + " bytes in one frame");
      total += frameBytes(frame);
      handed.addAll(frame.getTransactions().getTransactionsList());
    }
    assertTrue(total > 4 << 20, "more than 4 MiB handed over: " + total);
    assertTrue(handoff.size() >= 5, handoff.size() + " frames");
    Set<ByteString> accounted = new HashSet<>(handed.stream().map(Transactions::id).toList());
    for (CertifiedBlock cb : c.core(senatorIndex).committedBlocks()) {
      if (!cb.getBlock().getHeader().getProposer().equals(senator)) {
        break;
      }
      cb.getBlock().getTransactionsList().forEach(tx -> accounted.add(Transactions.id(tx)));
    }
    assertEquals(new HashSet<>(submitted.stream().map(Transactions::id).toList()), accounted,
        "every transaction was either committed by the senator or handed over");
  }

  @Test
  void catchUpResponsesStayUnderTheFrameCapAndAFollowerStillCatchesUp() {
    CoreCluster c = new CoreCluster(4, 1, ConsensusConfig.defaults(), 12, 300_000);
    for (int i = 0; i < 40; i++) {
      c.submit(i % 4, c.fanOut(i % 4, LARGE_OUTPUTS, i / 4));
    }
    c.advanceTo(c.now + 20_000);
    NodeCore server = c.core(0);
    long tip = server.chain().tip().height();
    assertTrue(tip >= 8, "blocks of ~290 KB were committed: " + tip);

    Ready answer = server.handle(new Event.Received(c.now, c.key(1), PeerMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setFromHeight(1).setCount(64)).build()));
    BlockResponse response = answer.messages().get(0).message().getBlockResponse();
    assertTrue(frameBytes(answer.messages().get(0).message()) <= FrameLimits.MAX_FRAME_BYTES);
    assertEquals(3, response.getBlocksCount(), "three blocks of ~290 KB fit a frame, a fourth does not");
    assertTrue(response.getMore(), "the frame, not the chain, ended the answer");

    NodeCore follower = new NodeCore(c.config, TestMembers.derive(99, 1).get(0).keys(), c.genesis,
        PersistedState.empty());
    follower.start(c.now);
    List<Outbound> toServer = new ArrayList<>(follower.handle(new Event.Received(c.now, server.publicKey(),
        PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(tip)).build())).messages());
    for (int round = 0; round < 50 && follower.chain().tip().height() < tip; round++) {
      List<Outbound> next = new ArrayList<>();
      for (Outbound o : toServer) {
        if (!o.message().hasBlockRequest()) {
          continue;
        }
        for (Outbound reply : server.handle(new Event.Received(c.now, follower.publicKey(), o.message())).messages()) {
          if (reply.message().hasBlockResponse()) {
            assertTrue(frameBytes(reply.message()) <= FrameLimits.MAX_FRAME_BYTES);
            next.addAll(follower.handle(new Event.Received(c.now, server.publicKey(), reply.message())).messages());
          }
        }
      }
      toServer = next;
    }
    assertEquals(tip, follower.chain().tip().height(), "short answers are asked again, not taken for lies");
  }

  @Test
  void aTransactionOfTheCeilingSizeFitsOneFrame() {
    assertTrue(TransactionLimits.CEILING_BYTES + 4 <= FrameLimits.MAX_BATCH_CONTENT_BYTES);
  }

  private static int indexOf(CoreCluster c, ByteString key) {
    for (int i = 0; i < c.members.size(); i++) {
      if (c.key(i).equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a member");
  }
}
