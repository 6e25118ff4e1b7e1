package org.lpos.lab.byzantine;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.lab.grind.GrindingAdversary;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * What a Byzantine member does with the messages its (otherwise honest) core wants to send: the
 * one implementation both the simulator and a real node process ({@link ByzantineSendPolicy}) run.
 * It signs with the member's own key through {@link ConsensusMessages}, so its lies carry valid
 * signatures unless the mode is {@link ByzantineMode#INVALID}. Some modes also send traffic of
 * their own ({@link UnpromptedTraffic}). Not thread-safe.
 *
 * @param <R> how a recipient is named: a node index in the simulator, a public key in a real node
 */
public final class ByzantineBehaviour<R> {
  /** One message to one recipient, sent as the peer whose key is {@code from}. */
  public record Delivery<R>(R to, ByteString from, PeerMessage message) {}

  private final ByzantineMode mode;
  private final KeyPair key;
  private final String chainId;
  private final SplittableRandom random;
  private final Supplier<List<R>> everyone;
  private final Map<ByteString, ByteString> twinOf = new HashMap<>();
  private final Map<String, ByteString> proposalSeen = new HashMap<>();
  private final UnpromptedTraffic<R> unprompted;
  private final GrindingAdversary grinder;

  /**
   * The behaviour of the member {@code self} holding {@code key}.
   *
   * @param everyone every recipient this member can reach, in a stable order (random draws index
   *     into it, so the simulator's seeds replay); it may include {@code self}
   * @param fanOut peers each phantom of {@link ByzantineMode#NON_MEMBER} talks to
   */
  public ByzantineBehaviour(ByzantineMode mode, R self, KeyPair key, String chainId, SplittableRandom random,
      Supplier<List<R>> everyone, int fanOut) {
    this(mode, self, key, chainId, random, everyone, fanOut, null);
  }

  /**
   * The behaviour of a member as above; {@code grinder} is what rewrites its messages in {@link
   * ByzantineMode#GRIND} (required there, ignored otherwise).
   */
  public ByzantineBehaviour(ByzantineMode mode, R self, KeyPair key, String chainId, SplittableRandom random,
      Supplier<List<R>> everyone, int fanOut, GrindingAdversary grinder) {
    if (mode == ByzantineMode.GRIND && grinder == null) {
      throw new IllegalArgumentException("the grind mode needs a grinder");
    }
    this.grinder = mode == ByzantineMode.GRIND ? grinder : null;
    this.mode = mode;
    this.key = key;
    this.chainId = chainId;
    this.random = random;
    this.everyone = everyone;
    this.unprompted = UnpromptedTraffic.sendsUnprompted(mode)
        ? new UnpromptedTraffic<>(mode, self, key, chainId, random, everyone, fanOut)
        : null;
  }

  /** Whether this member sends traffic of its own every {@link UnpromptedTraffic#INTERVAL_MS}. */
  public boolean sendsUnprompted() {
    return unprompted != null;
  }

  /** Its next burst of traffic of its own, given its committed tip (height and hash). */
  public List<Delivery<R>> burst(long tip, ByteString tipHash) {
    return unprompted == null ? List.of() : unprompted.burst(tip, tipHash);
  }

  /** The keys of the phantom peers it runs (non-member mode), which hold no stake. */
  public List<ByteString> phantomKeys() {
    return unprompted == null ? List.of() : unprompted.phantomKeys();
  }

  /** Remembers what it receives (an equivocator votes for proposals it saw). */
  public void observe(PeerMessage m) {
    if (m.hasProposal()) {
      Proposal p = m.getProposal();
      proposalSeen.put(p.getHeight() + ":" + p.getRound(), Blocks.hash(p.getBlock()));
    }
    if (grinder != null) {
      grinder.observe(m);
    }
  }

  /** The deliveries that replace sending {@code m} to {@code recipients}. */
  public List<Delivery<R>> transform(PeerMessage m, List<R> recipients) {
    return switch (mode) {
      case SILENT, AMNESIA -> List.of();
      case EQUIVOCATE -> equivocate(m, recipients);
      case INVALID -> toAll(corrupt(m), recipients);
      case SPAM -> spam(m, recipients);
      case LIE_HEIGHT, FLOOD_NEXT, NON_MEMBER -> toAll(m, recipients);
      case GRIND -> {
        PeerMessage sent = grinder.transform(m);
        yield sent == null ? List.of() : toAll(sent, recipients);
      }
    };
  }

  /** A transaction like {@code tx} whose signature does not verify. */
  public static Transaction forged(Transaction tx) {
    Transaction.Builder b = tx.toBuilder();
    var unlock = b.getInputsBuilder(0).getUnlockBuilder().getUnitsBuilder(0);
    unlock.setData(flipLast(unlock.getData()));
    return b.build();
  }

  private List<Delivery<R>> equivocate(PeerMessage m, List<R> recipients) {
    PeerMessage twin = null;
    if (m.hasProposal()) {
      twin = twinProposal(m.getProposal());
    } else if (m.hasVote()) {
      twin = twinVote(m.getVote());
    }
    if (twin == null || recipients.size() < 2) {
      return toAll(m, recipients);
    }
    List<Delivery<R>> out = new ArrayList<>();
    int half = recipients.size() / 2;
    for (int i = 0; i < recipients.size(); i++) {
      out.add(new Delivery<>(recipients.get(i), key.publicKey(), i < half ? m : twin));
    }
    return out;
  }

  private PeerMessage twinProposal(Proposal p) {
    Block original = p.getBlock();
    Block other = original.toBuilder()
        .setHeader(original.getHeader().toBuilder().setTimestampMs(original.getHeader().getTimestampMs() + 1))
        .build();
    twinOf.put(Blocks.hash(original), Blocks.hash(other));
    return ConsensusMessages.wrap(
        ConsensusMessages.proposal(key, chainId, p.getHeight(), p.getRound(), other, p.getValidRound()));
  }

  private PeerMessage twinVote(Vote v) {
    ByteString other;
    if (v.getBlockHash().isEmpty()) {
      other = proposalSeen.get(v.getHeight() + ":" + v.getRound());
      if (other == null) {
        return null;
      }
    } else {
      other = twinOf.getOrDefault(v.getBlockHash(), ByteString.EMPTY);
    }
    return ConsensusMessages.wrap(ConsensusMessages.vote(key, chainId, v.getType(), v.getHeight(), v.getRound(), other));
  }

  private PeerMessage corrupt(PeerMessage m) {
    PeerMessage.Builder b = m.toBuilder();
    switch (m.getBodyCase()) {
      case PROPOSAL -> b.getProposalBuilder().setSignature(flipLast(m.getProposal().getSignature()));
      case VOTE -> b.getVoteBuilder().setSignature(flipLast(m.getVote().getSignature()));
      case TICKET -> b.getTicketBuilder().getTicketBuilder().setSig(flipLast(m.getTicket().getTicket().getSig()));
      case COMMITTED_BLOCK -> {
        CertifiedBlock cb = m.getCommittedBlock();
        if (cb.getCertificate().getPrecommitsCount() > 0) {
          var p = b.getCommittedBlockBuilder().getCertificateBuilder().getPrecommitsBuilder(0);
          p.setSignature(flipLast(p.getSignature()));
        }
      }
      case COMMIT_NOTICE -> {
        if (m.getCommitNotice().getPrecommitsCount() > 0) {
          var p = b.getCommitNoticeBuilder().getPrecommitsBuilder(0);
          p.setSignature(flipLast(p.getSignature()));
        }
      }
      case TRANSACTIONS -> {
        TransactionBatch.Builder batch = TransactionBatch.newBuilder();
        for (Transaction tx : m.getTransactions().getTransactionsList()) {
          batch.addTransactions(forged(tx));
        }
        b.setTransactions(batch);
      }
      default -> { }
    }
    return b.build();
  }

  private List<Delivery<R>> spam(PeerMessage m, List<R> recipients) {
    List<Delivery<R>> out = new ArrayList<>();
    for (R to : recipients) {
      out.add(new Delivery<>(to, key.publicKey(), m));
      out.add(new Delivery<>(to, key.publicKey(), m));
    }
    List<R> all = everyone.get();
    if (!all.isEmpty()) {
      out.add(new Delivery<>(all.get(random.nextInt(all.size())), key.publicKey(), junk(m)));
    }
    return out;
  }

  private PeerMessage junk(PeerMessage m) {
    return switch (random.nextInt(3)) {
      case 0 -> PeerMessage.getDefaultInstance();
      case 1 -> {
        byte[] sig = new byte[64];
        random.nextBytes(sig);
        long height = m.hasVote() ? m.getVote().getHeight() : 1;
        yield PeerMessage.newBuilder().setVote(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE)
            .setHeight(height).setSigner(key.publicKey()).setSignature(ByteString.copyFrom(sig))).build();
      }
      default -> PeerMessage.newBuilder()
          .setBlockRequest(BlockRequest.newBuilder().setFromHeight(1).setCount(4)).build();
    };
  }

  private List<Delivery<R>> toAll(PeerMessage m, List<R> recipients) {
    List<Delivery<R>> out = new ArrayList<>(recipients.size());
    for (R to : recipients) {
      out.add(new Delivery<>(to, key.publicKey(), m));
    }
    return out;
  }

  private static ByteString flipLast(ByteString bytes) {
    if (bytes.isEmpty()) {
      return ByteString.copyFrom(new byte[] {1});
    }
    byte[] b = bytes.toByteArray();
    b[b.length - 1] ^= 1;
    return ByteString.copyFrom(b);
  }
}
