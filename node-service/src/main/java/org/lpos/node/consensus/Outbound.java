package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;
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

  /**
   * To this node's fan-out sample of peers, drawn from those not in {@code except} (committed
   * blocks, each forwarded once per node; status).
   */
  record Gossip(PeerMessage message, Set<ByteString> except) implements Outbound {
    /** Copies the set. */
    public Gossip {
      except = Set.copyOf(except);
    }

    /** To the whole sample. */
    public Gossip(PeerMessage message) {
      this(message, Set.of());
    }
  }
}
