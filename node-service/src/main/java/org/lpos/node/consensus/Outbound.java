package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.proto.v1.PeerMessage;

/** A message the core wants sent; the shell (or simulator) maps destinations to streams. */
public sealed interface Outbound {
  /** The message. */
  PeerMessage message();

  /** To one peer, named by its public key. */
  record ToPeer(ByteString peer, PeerMessage message) implements Outbound {}

  /**
   * To the senators of {@code height}: each distinct senator once, this node excluded. The core
   * names them, so the shell needs no chain state to route.
   */
  record ToSenate(long height, List<ByteString> senators, PeerMessage message) implements Outbound {
    /** Copies the list. */
    public ToSenate {
      senators = List.copyOf(senators);
    }
  }

  /** To this node's fan-out sample of peers (committed blocks, each forwarded once per node; status). */
  record Gossip(PeerMessage message) implements Outbound {}
}
