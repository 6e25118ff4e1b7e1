package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import org.lpos.proto.v1.PeerMessage;

/** A message the core wants sent; the shell (or simulator) maps destinations to streams. */
public sealed interface Outbound {
  /** The message. */
  PeerMessage message();

  /** To one peer, named by its public key. */
  record ToPeer(ByteString peer, PeerMessage message) implements Outbound {}

  /** To every senator of {@code height} except this node (each distinct senator once). */
  record ToSenate(long height, PeerMessage message) implements Outbound {}

  /** To this node's fan-out sample of peers (committed blocks; each node forwards a block once). */
  record Gossip(PeerMessage message) implements Outbound {}
}
