package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import org.lpos.chain.cert.CommitCertificates;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.ProposalBody;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** Signing and verification of proposals and votes (PROTOCOL §7), and message envelopes. */
public final class ConsensusMessages {
  private ConsensusMessages() {}

  /** The body a proposal signs. */
  public static ProposalBody proposalBody(long height, int round, ByteString blockHash, int validRound) {
    return ProposalBody.newBuilder()
        .setHeight(height).setRound(round).setBlockHash(blockHash).setValidRound(validRound).build();
  }

  /** A signed proposal. */
  public static Proposal proposal(KeyPair key, String chainId, long height, int round, Block block, int validRound) {
    ProposalBody body = proposalBody(height, round, Blocks.hash(block), validRound);
    return Proposal.newBuilder()
        .setHeight(height).setRound(round).setBlock(block).setValidRound(validRound)
        .setProposer(key.publicKey())
        .setSignature(key.sign(Domain.PROPOSAL, chainId, body.toByteArray()))
        .build();
  }

  /** Whether the proposal's signature is its proposer's, checked through {@code signatures}. */
  public static boolean verify(Proposal p, String chainId, SignatureVerifier signatures) {
    ProposalBody body = proposalBody(p.getHeight(), p.getRound(), Blocks.hash(p.getBlock()), p.getValidRound());
    return signatures.verify(p.getProposer(), Domain.PROPOSAL, chainId, body.toByteArray(), p.getSignature());
  }

  /** A signed vote; an empty {@code blockHash} votes nil. */
  public static Vote vote(KeyPair key, String chainId, VoteType type, long height, int round, ByteString blockHash) {
    byte[] body = CommitCertificates.body(height, round, blockHash).toByteArray();
    return Vote.newBuilder()
        .setType(type).setHeight(height).setRound(round).setBlockHash(blockHash)
        .setSigner(key.publicKey())
        .setSignature(key.sign(domain(type), chainId, body))
        .build();
  }

  /** Whether the vote's signature is its signer's, under the domain of its type, through {@code signatures}. */
  public static boolean verify(Vote v, String chainId, SignatureVerifier signatures) {
    if (v.getType() != VoteType.VOTE_TYPE_PREVOTE && v.getType() != VoteType.VOTE_TYPE_PRECOMMIT) {
      return false;
    }
    byte[] body = CommitCertificates.body(v.getHeight(), v.getRound(), v.getBlockHash()).toByteArray();
    return signatures.verify(v.getSigner(), domain(v.getType()), chainId, body, v.getSignature());
  }

  /** The signing domain of a vote type. */
  public static Domain domain(VoteType type) {
    return type == VoteType.VOTE_TYPE_PRECOMMIT ? Domain.PRECOMMIT : Domain.PREVOTE;
  }

  /** An envelope holding a proposal. */
  public static PeerMessage wrap(Proposal p) {
    return PeerMessage.newBuilder().setProposal(p).build();
  }

  /** An envelope holding a vote. */
  public static PeerMessage wrap(Vote v) {
    return PeerMessage.newBuilder().setVote(v).build();
  }
}
