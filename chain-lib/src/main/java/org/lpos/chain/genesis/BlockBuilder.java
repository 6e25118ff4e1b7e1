package org.lpos.chain.genesis;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.cert.CommitCertificates;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;

/**
 * Builds the next certified block of a chain outside consensus, when every senator's key is at
 * hand: for the shipped chains, tests and benchmarks. The proposer of round 0 proposes, puts its
 * own ticket (or on a VRF chain its proof) in, and every senator whose key is known precommits.
 */
public final class BlockBuilder {
  private BlockBuilder() {}

  /**
   * The next block as {@code proposer} proposes it in {@code round}: header linked to the tip,
   * merkle root of {@code transactions}, and the given ticket.
   */
  public static Block proposal(ChainState state, ByteString proposer, int round, long timestampMs,
      List<Transaction> transactions, Ticket ticket) {
    BlockHeader header = header(state, proposer, round, timestampMs, transactions).setTicket(ticket).build();
    return Block.newBuilder().setHeader(header).addAllTransactions(transactions).build();
  }

  /**
   * The next block of a VRF chain (PROTOCOL §6a) as {@code proposer} proposes it in {@code round}:
   * header linked to the tip, merkle root of {@code transactions}, and {@code vrfProof} (the
   * proposer's, {@link ChainState#vrfProof}).
   */
  public static Block vrfProposal(ChainState state, ByteString proposer, int round, long timestampMs,
      List<Transaction> transactions, ByteString vrfProof) {
    BlockHeader header = header(state, proposer, round, timestampMs, transactions).setVrfProof(vrfProof).build();
    return Block.newBuilder().setHeader(header).addAllTransactions(transactions).build();
  }

  private static BlockHeader.Builder header(ChainState state, ByteString proposer, int round, long timestampMs,
      List<Transaction> transactions) {
    return BlockHeader.newBuilder()
        .setChainId(state.chainId())
        .setHeight(state.tip().height() + 1)
        .setPrevHash(state.tip().hash())
        .setMerkleRoot(MerkleRoot.ofTransactions(state.caches().txIds(), transactions))
        .setTimestampMs(timestampMs)
        .setProposer(proposer)
        .setRound(round);
  }

  /** The ticket {@code member} enters for the next height, naming its largest output. */
  public static Ticket ownTicket(ChainState state, KeyPair member) {
    Optional<Utxo> entry = Tickets.entryOutput(member.publicKey(), state.utxos());
    return Tickets.create(member, state.chainId(), state.tip().hash(), state.tip().q(),
        entry.orElseThrow(() -> new IllegalStateException("the member owns no stake")).key());
  }

  /** The next certified block with {@code transactions}, signed by the senators among {@code keys}. */
  public static CertifiedBlock next(
      ChainState state, List<Transaction> transactions, long timestampMs, Map<ByteString, KeyPair> keys) {
    Senate senate = state.nextSenate();
    ByteString proposerKey = senate.proposer(0);
    KeyPair proposer = keys.get(proposerKey);
    if (proposer == null) {
      throw new IllegalArgumentException("the key of the round-0 proposer is not at hand");
    }
    Block block = state.lottery() == Lottery.LOTTERY_VRF
        ? vrfProposal(state, proposerKey, 0, timestampMs, transactions, state.vrfProof(proposer))
        : proposal(state, proposerKey, 0, timestampMs, transactions, ownTicket(state, proposer));
    BlockHeader header = block.getHeader();
    List<KeyPair> signers = new ArrayList<>();
    for (ByteString senator : senate.senators()) {
      KeyPair k = keys.get(senator);
      if (k != null) {
        signers.add(k);
      }
    }
    return CertifiedBlock.newBuilder()
        .setBlock(block)
        .setCertificate(CommitCertificates.certify(
            state.chainId(), header.getHeight(), 0, Blocks.hash(header), signers))
        .build();
  }
}
