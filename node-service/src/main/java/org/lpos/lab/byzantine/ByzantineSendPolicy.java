package org.lpos.lab.byzantine;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.lab.byzantine.ByzantineBehaviour.Delivery;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.server.SendPolicy;
import org.lpos.proto.v1.PeerMessage;

/**
 * A real node's Byzantine member ({@code lpos node --byzantine-mode}): the simulator's {@link
 * ByzantineBehaviour}, addressing peers by key. Each step's messages are resolved to the peers
 * they would reach (a senate, one peer, or every connected peer for gossip, where the honest
 * node gossips to its fan-out sample), transformed, and sent one by one. Its random draws come
 * from a generator seeded by the member's key, so a member misbehaves the same way on every run.
 * Calls are serialised: the driver, the gRPC threads and the burst timer all reach it.
 */
public final class ByzantineSendPolicy implements SendPolicy {
  private final ByteString self;
  private final SendPolicy.Peers peers;
  private final ByzantineBehaviour<ByteString> behaviour;

  /** The policy of {@code mode} for the member holding {@code key} on {@code chainId}. */
  public ByzantineSendPolicy(ByzantineMode mode, KeyPair key, String chainId, SendPolicy.Peers peers) {
    if (!ByzantineModes.runsInNodes(mode)) {
      throw new IllegalArgumentException("mode " + mode.cliName() + " runs only in the simulator");
    }
    this.self = key.publicKey();
    this.peers = peers;
    this.behaviour = new ByzantineBehaviour<>(mode, self, key, chainId, new SplittableRandom(seedOf(self)),
        peers::connected, 0);
  }

  /** The seed of the member with public key {@code key}: its first eight bytes. */
  static long seedOf(ByteString key) {
    return key.size() >= Long.BYTES ? ByteBuffer.wrap(key.substring(0, Long.BYTES).toByteArray()).getLong() : 0;
  }

  @Override
  public synchronized List<Outbound> beforeSend(List<Outbound> step) {
    List<Outbound> out = new ArrayList<>();
    for (Outbound o : step) {
      toPeers(behaviour.transform(o.message(), recipients(o)), out);
    }
    return out;
  }

  @Override
  public synchronized void received(PeerMessage message) {
    behaviour.observe(message);
  }

  @Override
  public long unpromptedIntervalMs() {
    return behaviour.sendsUnprompted() ? UnpromptedTraffic.INTERVAL_MS : 0;
  }

  @Override
  public synchronized List<Outbound> unprompted(long tipHeight, ByteString tipHash) {
    List<Outbound> out = new ArrayList<>();
    toPeers(behaviour.burst(tipHeight, tipHash), out);
    return out;
  }

  private List<ByteString> recipients(Outbound o) {
    if (o instanceof Outbound.ToPeer p) {
      return List.of(p.peer());
    } else if (o instanceof Outbound.ToSenate s) {
      return s.senators().stream().filter(k -> !k.equals(self)).toList();
    } else if (o instanceof Outbound.Gossip g) {
      return peers.connected().stream().filter(k -> !k.equals(self) && !g.except().contains(k)).toList();
    }
    throw new IllegalStateException("outbound message of no known kind: " + o);
  }

  private void toPeers(List<Delivery<ByteString>> deliveries, List<Outbound> out) {
    for (Delivery<ByteString> d : deliveries) {
      // The node's links speak only as its own key; phantom senders (non-member) are refused above.
      if (d.from().equals(self)) {
        out.add(new Outbound.ToPeer(d.to(), d.message()));
      }
    }
  }
}
