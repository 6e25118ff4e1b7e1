package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.node.consensus.Outbound;
import org.lpos.proto.v1.PeerMessage;

/**
 * What a node does with the messages its core wants sent, just before the peer mesh sends them.
 * A production node sends them as they are ({@link #HONEST}). For testing, the launcher can plug
 * in a misbehaving policy ({@code lpos node --byzantine-mode}, implemented by the lab with the
 * simulator's own Byzantine behaviour), so the node only defines this port and never imports
 * the lab. A policy may be called from several threads (the driver's, the gRPC threads that see
 * messages arrive, and the timer of {@link #unprompted}).
 */
@FunctionalInterface
public interface SendPolicy {
  /** Sends what the core emits, as it is, and nothing else. */
  SendPolicy HONEST = step -> step;

  /** The authenticated peers the node is connected to now, by key. */
  @FunctionalInterface
  interface Peers {
    List<ByteString> connected();
  }

  /** Builds a node's policy once the node knows its chain and its peer mesh. */
  @FunctionalInterface
  interface Factory {
    /** The honest node's. */
    Factory HONEST = (key, chainId, peers) -> SendPolicy.HONEST;

    /** The policy of the node signing with {@code key} on {@code chainId}, connected to {@code peers}. */
    SendPolicy create(KeyPair key, String chainId, Peers peers);
  }

  /** What to send instead of {@code step}, the messages of one step of the core (driver thread). */
  List<Outbound> beforeSend(List<Outbound> step);

  /** A peer's message arrived (before the core sees it). */
  default void received(PeerMessage message) {}

  /** Time between two bursts of {@link #unprompted} traffic; 0 = the policy sends none. */
  default long unpromptedIntervalMs() {
    return 0;
  }

  /** Traffic of the policy's own, given the node's committed tip (height and hash). */
  default List<Outbound> unprompted(long tipHeight, ByteString tipHash) {
    return List.of();
  }
}
