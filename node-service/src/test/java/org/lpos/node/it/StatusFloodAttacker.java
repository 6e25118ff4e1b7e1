package org.lpos.node.it;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.net.CommunicationCost;
import org.lpos.node.net.MessageKind;
import org.lpos.node.net.PeerConnection;
import org.lpos.node.net.PeerNetwork;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The adversary of issue 13 (the unsigned-claim attack): a client with a fresh key, holding no
 * stake, that completes the peer handshake with every node and then, every period, tells each
 * node it has committed one block more than the node has ({@code StatusAnnouncement}) and sends
 * it an unsigned vote 1,000 heights ahead. Neither claim carries any evidence: the status is
 * signed by nobody and the vote's signature is empty.
 *
 * <p>It runs the production {@link PeerNetwork} with its own key, so the handshake, the
 * reconnection after a refusal and the bounded send queue are the node's own; its inbox reads and
 * discards whatever the nodes send (block requests included: it never answers one), so it never
 * holds back gRPC flow control. The tip of each node is read from the node API's GetStatus.
 */
final class StatusFloodAttacker implements AutoCloseable {
  /** How far ahead the unsigned vote claims to be. */
  static final long FAR_AHEAD = 1_000;

  private final KeyPair key;
  private final PeerNetwork network;
  private final List<Target> targets = new ArrayList<>();
  private final Random random;
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final ScheduledExecutorService flood = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "status-flood-attacker");
    t.setDaemon(true);
    return t;
  });

  /** A node to attack: where it listens, its key, and a client of its API. */
  record Target(String address, ByteString publicKey, NodeGrpc.NodeBlockingStub api) {}

  /** An attacker whose key and junk come from {@code seed}, on the chain of {@code genesisHash}. */
  StatusFloodAttacker(long seed, String chainId, ByteString genesisHash) {
    this.random = new Random(seed);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = KeyPair.fromSeed(secret);
    this.network = new PeerNetwork(key, chainId, genesisHash, 0, (from, message) -> received.incrementAndGet());
  }

  ByteString publicKey() {
    return key.publicKey();
  }

  /** Dials {@code target} (and keeps redialling it, as any peer would, if the node drops it). */
  void connect(Target target) {
    targets.add(target);
    network.connect(target.address());
  }

  /** Whether the handshake completed with every target. */
  boolean connectedToAll() {
    List<ByteString> keys = network.connected().stream().map(PeerConnection::peerKey).toList();
    return targets.stream().allMatch(t -> keys.contains(t.publicKey()));
  }

  /** Starts sending both claims to every target every {@code periodMs}. */
  void start(long periodMs) {
    flood.scheduleAtFixedRate(this::floodOnce, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Stops sending (the streams stay open until {@link #close}). */
  void stop() {
    flood.shutdownNow();
    try {
      if (!flood.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new AssertionError("the attacker's thread did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A line of what the attacker did and what the nodes did to it. */
  String report() {
    var counts = network.cost().snapshot();
    CommunicationCost.Counts status = counts.get(MessageKind.STATUS);
    CommunicationCost.Counts vote = counts.get(MessageKind.VOTE);
    CommunicationCost.Counts requests = counts.get(MessageKind.BLOCK_REQUEST);
    return String.format("attacker %s: %d flood rounds, sent %d status claims and %d unsigned votes; received %d"
        + " frames, of which %d block requests (each one a node acting on a claim); streams refused or dropped: %d;"
        + " connected now to %d of %d nodes", Hex.encode(publicKey()).substring(0, 16),
        rounds.get(), status.sentMessages(), vote.sentMessages(), received.get(), requests.receivedMessages(),
        network.handshakeFailures(), network.connected().size(), targets.size());
  }

  private void floodOnce() {
    rounds.incrementAndGet();
    for (Target t : targets) {
      GetStatusResponse s;
      try {
        s = t.api().withDeadlineAfter(1, TimeUnit.SECONDS).getStatus(GetStatusRequest.getDefaultInstance());
      } catch (RuntimeException notAnswering) {
        continue;
      }
      // GetStatus reports the height being decided; the tip the node has committed is one below.
      long tip = s.getHeight() - 1;
      network.send(new Outbound.ToPeer(t.publicKey(), PeerMessage.newBuilder().setStatus(StatusAnnouncement
          .newBuilder().setHeight(tip + 1).setLastBlockHash(junk())).build()));
      network.send(new Outbound.ToPeer(t.publicKey(), PeerMessage.newBuilder().setVote(Vote.newBuilder()
          .setType(VoteType.VOTE_TYPE_PREVOTE).setHeight(tip + FAR_AHEAD).setRound(0).setBlockHash(junk())
          .setSigner(key.publicKey())).build()));
    }
  }

  private ByteString junk() {
    byte[] b = new byte[32];
    synchronized (random) {
      random.nextBytes(b);
    }
    return ByteString.copyFrom(b);
  }

  @Override
  public void close() {
    stop();
    network.close();
  }
}
