package org.lpos.node.net;

import java.util.Locale;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/** The type of a peer frame, for counting communication cost. */
public enum MessageKind {
  HANDSHAKE,
  PROPOSAL,
  VOTE,
  TRANSACTIONS,
  TICKET,
  COMMITTED_BLOCK,
  BLOCK_REQUEST,
  BLOCK_RESPONSE,
  STATUS,
  COMMIT_NOTICE,
  OTHER;

  /** The kind of {@code frame}. */
  public static MessageKind of(PeerEnvelope frame) {
    return frame.hasMessage() ? of(frame.getMessage()) : HANDSHAKE;
  }

  /** The kind of {@code message}. */
  public static MessageKind of(PeerMessage message) {
    return switch (message.getBodyCase()) {
      case PROPOSAL -> PROPOSAL;
      case VOTE -> VOTE;
      case TRANSACTIONS -> TRANSACTIONS;
      case TICKET -> TICKET;
      case COMMITTED_BLOCK -> COMMITTED_BLOCK;
      case BLOCK_REQUEST -> BLOCK_REQUEST;
      case BLOCK_RESPONSE -> BLOCK_RESPONSE;
      case STATUS -> STATUS;
      case COMMIT_NOTICE -> COMMIT_NOTICE;
      default -> OTHER;
    };
  }

  /**
   * Whether this is senate traffic (proposals, votes, tickets), which only stakeholders may send;
   * blocks, status, catch-up and transactions are open to followers.
   */
  public boolean isSenate() {
    return this == PROPOSAL || this == VOTE || this == TICKET;
  }

  /** Lower-case name for files and metric labels, e.g. {@code committed_block}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
