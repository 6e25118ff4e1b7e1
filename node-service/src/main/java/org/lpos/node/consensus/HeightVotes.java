package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The votes of one height, per round and type, and who has spoken in which round: the counts
 * the agreement's rules read (quorums, the f + 1 round skip, the stall backstop, the commit
 * certificate).
 */
final class HeightVotes {
  private final Senate senate;
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  /** The senators that sent a proposal or a vote of each round. */
  private final Map<Integer, Set<ByteString>> senders = new HashMap<>();

  HeightVotes(Senate senate) {
    this.senate = senate;
  }

  /** The votes of {@code type} in round {@code r}. */
  VoteSet of(VoteType type, int r) {
    Map<Integer, VoteSet> sets = type == VoteType.VOTE_TYPE_PRECOMMIT ? precommits : prevotes;
    return sets.computeIfAbsent(r, k -> new VoteSet(senate));
  }

  /**
   * Takes back the prevotes of a persisted proof of lock: those of {@code height} and round
   * {@code r} for {@code blockHash} signed by senators.
   */
  void restoreProof(List<Vote> proof, long height, int r, ByteString blockHash) {
    for (Vote v : proof) {
      if (v.getHeight() == height && v.getRound() == r && v.getType() == VoteType.VOTE_TYPE_PREVOTE
          && v.getBlockHash().equals(blockHash) && senate.seatsOf(v.getSigner()) > 0) {
        of(VoteType.VOTE_TYPE_PREVOTE, r).add(v);
      }
    }
  }

  /** The senators of this height but {@code self}, in the senate's order. */
  List<ByteString> senatorsBut(ByteString self) {
    List<ByteString> others = new ArrayList<>(senate.senators());
    others.remove(self);
    return others;
  }

  /**
   * The senators but {@code self} that have not shown they hold block {@code id} of round {@code r}:
   * no prevote or precommit of theirs for it has arrived here (a senator votes for a block only
   * after receiving and checking it).
   */
  List<ByteString> lacking(int r, ByteString id, ByteString self) {
    List<ByteString> lacking = senatorsBut(self);
    for (VoteType type : new VoteType[] {VoteType.VOTE_TYPE_PREVOTE, VoteType.VOTE_TYPE_PRECOMMIT}) {
      of(type, r).votesFor(id).forEach(v -> lacking.remove(v.getSigner()));
    }
    return lacking;
  }

  /** Notes that {@code senator} spoke in round {@code r}. */
  void heard(int r, ByteString senator) {
    senders.computeIfAbsent(r, k -> new HashSet<>()).add(senator);
  }

  /** Seats of the senators (with {@code self}) that spoke in round {@code r} or a later one. */
  int seatsInRoundOrLater(int r, ByteString self) {
    Set<ByteString> signers = new HashSet<>();
    signers.add(self);
    for (Map.Entry<Integer, Set<ByteString>> e : senders.entrySet()) {
      if (e.getKey() >= r) {
        signers.addAll(e.getValue());
      }
    }
    return seatsOf(signers);
  }

  /** The latest round after {@code round} in which senators worth f + 1 seats spoke, or -1. */
  int latestRoundWithFPlusOneAfter(int round) {
    int target = -1;
    for (Map.Entry<Integer, Set<ByteString>> e : senders.entrySet()) {
      if (e.getKey() > round && e.getKey() > target && seatsOf(e.getValue()) >= senate.maxFaulty() + 1) {
        target = e.getKey();
      }
    }
    return target;
  }

  /** Each round's precommits, for the commit rule (any round's quorum decides). */
  Set<Map.Entry<Integer, VoteSet>> precommitsByRound() {
    return precommits.entrySet();
  }

  /**
   * The precommits of a certificate of this height as votes, each checked against the precommit
   * its signer sent this node: one that names another block is added (and so becomes evidence)
   * if its signature verifies. An equivocator that shows each senator one side is caught this way
   * when a certificate holding its other side arrives (CometBFT catches it by gossiping votes).
   * Only conflicting precommits are verified, so an honest certificate costs no check; one that
   * does not verify is charged to {@code from}, the certificate's sender.
   */
  void witness(CommitCertificate cert, long height, HeightServices services, ByteString from) {
    if (cert.getHeight() != height || !precommits.containsKey(cert.getRound())) {
      return;
    }
    VoteSet held = precommits.get(cert.getRound());
    for (PrecommitSignature p : cert.getPrecommitsList()) {
      boolean conflicts = held.voteOf(p.getSigner()).filter(v -> !v.getBlockHash().equals(cert.getBlockHash()))
          .isPresent();
      if (!conflicts || held.votesFor(cert.getBlockHash()).stream().anyMatch(v -> v.getSigner().equals(p.getSigner()))) {
        continue;
      }
      Vote v = Vote.newBuilder().setType(VoteType.VOTE_TYPE_PRECOMMIT).setHeight(height).setRound(cert.getRound())
          .setBlockHash(cert.getBlockHash()).setSigner(p.getSigner()).setSignature(p.getSignature()).build();
      if (ConsensusMessages.verify(v, services.chainId(), services.signatures())) {
        held.add(v).ifPresent(services::evidence);
      } else {
        services.reject(from, Rejection.of(Reason.BAD_MESSAGE,
            "certificate of height %d: a precommit that conflicts with one held does not verify", height));
      }
    }
  }

  /** {@code block} with the certificate made of the precommits for it in {@code set} of round {@code r}. */
  static CertifiedBlock certify(Block block, long height, int r, ByteString hash, VoteSet set) {
    CommitCertificate.Builder cert = CommitCertificate.newBuilder().setHeight(height).setRound(r).setBlockHash(hash);
    for (Vote v : set.votesFor(hash)) {
      cert.addPrecommits(PrecommitSignature.newBuilder().setSigner(v.getSigner()).setSignature(v.getSignature()));
    }
    return CertifiedBlock.newBuilder().setBlock(block).setCertificate(cert).build();
  }

  private int seatsOf(Set<ByteString> signers) {
    int total = 0;
    for (ByteString s : signers) {
      total += senate.seatsOf(s);
    }
    return total;
  }
}
