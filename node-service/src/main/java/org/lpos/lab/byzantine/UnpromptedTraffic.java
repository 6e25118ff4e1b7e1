package org.lpos.lab.byzantine;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.ticket.Tickets;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.lab.byzantine.ByzantineBehaviour.Delivery;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.TicketSubmission;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * What a Byzantine node of the modes {@link ByzantineMode#LIE_HEIGHT}, {@link
 * ByzantineMode#FLOOD_NEXT} and {@link ByzantineMode#NON_MEMBER} sends on its own every {@link
 * #INTERVAL_MS}, besides the honest traffic of its core: claims that would make an honest node
 * think it is behind, floods of next-height messages, and the junk of phantom peers whose keys
 * hold no stake. Everything is drawn from the run's generator, so a seed replays it.
 *
 * @param <R> how a recipient is named (see {@link ByzantineBehaviour})
 */
public final class UnpromptedTraffic<R> {
  /** Time between two bursts. */
  public static final long INTERVAL_MS = 500;
  /** How far above the real tip the lies claim to be. */
  static final long FAR = 1_000;
  /** Rounds of next-height votes a flood signs (a prevote and a precommit each). */
  static final int FLOOD_ROUNDS = 8;
  /** Junk-signed votes of random signers per node per burst. */
  static final int FLOOD_JUNK = 8;
  /** Phantom peers a non-member Byzantine node runs. */
  static final int PHANTOMS = 4;

  private final ByzantineMode mode;
  private final R self;
  private final KeyPair key;
  private final String chainId;
  private final SplittableRandom random;
  private final Supplier<List<R>> everyone;
  private final List<KeyPair> phantoms = new ArrayList<>();
  private final List<List<R>> phantomPeers = new ArrayList<>();

  UnpromptedTraffic(ByzantineMode mode, R self, KeyPair key, String chainId, SplittableRandom random,
      Supplier<List<R>> everyone, int fanOut) {
    this.mode = mode;
    this.self = self;
    this.key = key;
    this.chainId = chainId;
    this.random = random;
    this.everyone = everyone;
    if (mode == ByzantineMode.NON_MEMBER) {
      // Phantoms keep the peers they drew at the start, as a real phantom keeps its connections.
      List<R> all = everyone.get();
      for (int i = 0; i < PHANTOMS; i++) {
        phantoms.add(KeyPair.fromSeed(randomBytes(32)));
        List<R> peers = new ArrayList<>();
        for (int k = 0; k < Math.min(fanOut, all.size()); k++) {
          peers.add(all.get(random.nextInt(all.size())));
        }
        phantomPeers.add(peers);
      }
    }
  }

  /** Whether {@code mode} sends traffic of its own. */
  static boolean sendsUnprompted(ByzantineMode mode) {
    return mode == ByzantineMode.LIE_HEIGHT || mode == ByzantineMode.FLOOD_NEXT || mode == ByzantineMode.NON_MEMBER;
  }

  /** The phantom keys (none unless non-member). */
  List<ByteString> phantomKeys() {
    return phantoms.stream().map(KeyPair::publicKey).toList();
  }

  /** One burst, given the node's committed tip (height and hash). */
  List<Delivery<R>> burst(long tip, ByteString tipHash) {
    return switch (mode) {
      case LIE_HEIGHT -> toEveryone(key.publicKey(), lies(tip));
      case FLOOD_NEXT -> toEveryone(key.publicKey(), flood(tip, tipHash));
      case NON_MEMBER -> phantomJunk(tip, tipHash);
      default -> List.of();
    };
  }

  private List<PeerMessage> lies(long tip) {
    long far = tip + FAR + random.nextInt((int) FAR);
    List<PeerMessage> out = new ArrayList<>();
    out.add(status(far));
    out.add(junkVote(key.publicKey(), far, random.nextBoolean()));
    out.add(junkVote(key.publicKey(), tip + 2, false));
    out.add(junkVote(key.publicKey(), tip + 1, random.nextBoolean()));
    out.add(unsignedProposal(key.publicKey(), far));
    out.add(unsignedProposal(key.publicKey(), tip + 2));
    return out;
  }

  private List<PeerMessage> flood(long tip, ByteString tipHash) {
    long next = tip + 2;
    List<PeerMessage> out = new ArrayList<>();
    for (int r = 0; r < FLOOD_ROUNDS; r++) {
      ByteString block = r % 2 == 0 ? ByteString.EMPTY : ByteString.copyFrom(randomBytes(32));
      out.add(ConsensusMessages.wrap(ConsensusMessages.vote(key, chainId, VoteType.VOTE_TYPE_PREVOTE, next, r, block)));
      out.add(ConsensusMessages.wrap(ConsensusMessages.vote(key, chainId, VoteType.VOTE_TYPE_PRECOMMIT, next, r, block)));
    }
    out.add(ticket(key, next, tipHash));
    for (int i = 0; i < FLOOD_JUNK; i++) {
      out.add(junkVote(ByteString.copyFrom(randomBytes(32)), next, random.nextBoolean()));
    }
    return out;
  }

  private List<Delivery<R>> phantomJunk(long tip, ByteString tipHash) {
    List<Delivery<R>> out = new ArrayList<>();
    for (int i = 0; i < phantoms.size(); i++) {
      KeyPair phantom = phantoms.get(i);
      ByteString hash = ByteString.copyFrom(randomBytes(32));
      List<PeerMessage> junk = List.of(
          status(tip + FAR + random.nextInt((int) FAR)),
          ConsensusMessages.wrap(ConsensusMessages.vote(phantom, chainId,
              random.nextBoolean() ? VoteType.VOTE_TYPE_PREVOTE : VoteType.VOTE_TYPE_PRECOMMIT, tip + 1, 0, hash)),
          ConsensusMessages.wrap(ConsensusMessages.proposal(phantom, chainId, tip + 1, 0, junkBlock(phantom, tip + 1), -1)),
          ticket(phantom, tip + 1, tipHash),
          PeerMessage.newBuilder().setBlockRequest(BlockRequest.newBuilder()
              .setFromHeight(1 + random.nextLong(Math.max(1, tip))).setCount(1 + random.nextInt(64))).build(),
          PeerMessage.getDefaultInstance());
      for (R to : phantomPeers.get(i)) {
        for (PeerMessage m : junk) {
          out.add(new Delivery<>(to, phantom.publicKey(), m));
        }
      }
    }
    return out;
  }

  private List<Delivery<R>> toEveryone(ByteString from, List<PeerMessage> messages) {
    List<R> all = everyone.get();
    List<Delivery<R>> out = new ArrayList<>(all.size() * messages.size());
    for (R to : all) {
      if (to.equals(self)) {
        continue;
      }
      for (PeerMessage m : messages) {
        out.add(new Delivery<>(to, from, m));
      }
    }
    return out;
  }

  private static PeerMessage status(long height) {
    return PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(height)).build();
  }

  /** A vote of {@code signer} whose signature is 64 random bytes ({@code garbage}) or absent. */
  private PeerMessage junkVote(ByteString signer, long height, boolean garbage) {
    Vote.Builder v = Vote.newBuilder()
        .setType(random.nextBoolean() ? VoteType.VOTE_TYPE_PREVOTE : VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(height).setRound(random.nextInt(4)).setSigner(signer)
        .setBlockHash(ByteString.copyFrom(randomBytes(32)));
    if (garbage) {
      v.setSignature(ByteString.copyFrom(randomBytes(64)));
    }
    return ConsensusMessages.wrap(v.build());
  }

  private PeerMessage unsignedProposal(ByteString proposer, long height) {
    return ConsensusMessages.wrap(Proposal.newBuilder().setHeight(height).setRound(random.nextInt(4))
        .setValidRound(-1).setProposer(proposer).setBlock(junkBlock(key, height)).build());
  }

  private Block junkBlock(KeyPair owner, long height) {
    return Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId(chainId).setHeight(height)
        .setPrevHash(ByteString.copyFrom(randomBytes(32))).setProposer(owner.publicKey())
        .setTimestampMs(random.nextLong(1L << 40))).build();
  }

  private PeerMessage ticket(KeyPair owner, long height, ByteString tipHash) {
    OutputRef output = OutputRef.newBuilder().setTxId(ByteString.copyFrom(randomBytes(32))).setIndex(random.nextInt(4))
        .build();
    Ticket t = Tickets.create(owner, chainId, tipHash, ByteString.copyFrom(randomBytes(32)), OutputKey.of(output));
    return PeerMessage.newBuilder().setTicket(TicketSubmission.newBuilder().setHeight(height).setTicket(t)).build();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
