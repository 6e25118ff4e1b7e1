package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;

/**
 * Issue 14 (g): committed blocks gossiped at line rate by a fresh key per node, each carrying
 * {@value #TRANSACTIONS} transactions with bad signatures (under a correct Merkle root, so the
 * block looks whole) and a bad certificate: the real senators' precommits of the previous block,
 * relabelled for this one, so the signers are right and no signature verifies. Most are for the
 * height the node is deciding, which it would apply at once; every fourth is for a height just
 * ahead, which goes to the catch-up buffer. A sound node checks the certificate first, refuses
 * the block after a quorum's worth of signature checks at most, and never verifies the
 * transactions of an uncertified block.
 */
public final class BadBlockGossipAttack implements Attack {
  static final int TRANSACTIONS = 10_000;
  /** Every this many blocks, one is for a height ahead of the node's. */
  private static final int AHEAD_EVERY = 4;

  @Override
  public String name() {
    return "bad-block-gossip";
  }

  @Override
  public String description() {
    return "gossiped blocks with a bad certificate and " + TRANSACTIONS + " badly signed transactions, at line rate";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    List<Transaction> transactions = junk.transactions(TRANSACTIONS);
    ByteString merkleRoot = MerkleRoot.ofTransactions(transactions);
    try (AttackChannels channels = new AttackChannels(target)) {
      PeerFlood.Counts c = new PeerFlood(target, channels).run(duration, inEffect, 1,
          n -> junk.key(), AttackerPeer.Reading.READS, new PeerFlood.Frames() {
            private final Map<String, Long> sent = new HashMap<>();

            @Override
            public synchronized PeerMessage next(PeerFlood.Sender sender, NodeFacts node) {
              long n = sent.merge(sender.node(), 1L, Long::sum);
              long ahead = n % AHEAD_EVERY == 0 ? 1 + (n / AHEAD_EVERY) % 3 : 0;
              return PeerMessage.newBuilder().setCommittedBlock(badBlock(node, ahead, transactions, merkleRoot, junk))
                  .build();
            }
          });
      return new AttackReport(name(), PeerFlood.since(start), c.messages(), c.bytes(), c.streams(), c.refused(),
          "transactions_per_block=" + TRANSACTIONS + " closed_by=" + c.closedBy());
    }
  }

  private static CertifiedBlock badBlock(NodeFacts node, long ahead, List<Transaction> transactions,
      ByteString merkleRoot, Junk junk) {
    CertifiedBlock last = node.lastBlock();
    long height = node.height() + ahead;
    BlockHeader header = last.getBlock().getHeader().toBuilder().setHeight(height)
        .setPrevHash(ahead == 0 ? Blocks.hash(last.getBlock()) : junk.bytes(32)).setMerkleRoot(merkleRoot)
        .setTimestampMs(Math.max(System.currentTimeMillis(), last.getBlock().getHeader().getTimestampMs() + 1))
        .setRound(0).build();
    Block block = Block.newBuilder().setHeader(header).addAllTransactions(transactions).build();
    CommitCertificate certificate = last.getCertificate().toBuilder().setHeight(height).setRound(0)
        .setBlockHash(Blocks.hash(block)).build();
    return CertifiedBlock.newBuilder().setBlock(block).setCertificate(certificate).build();
  }
}
