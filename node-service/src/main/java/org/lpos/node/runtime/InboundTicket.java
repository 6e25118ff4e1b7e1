package org.lpos.node.runtime;

/**
 * The peer mesh's hold on a message's bytes: it counts them against their stream's budget until
 * the driver takes the message from its queue (or refuses it) and releases the ticket, once.
 */
@FunctionalInterface
public interface InboundTicket {
  /** A ticket that holds nothing. */
  InboundTicket NONE = () -> {};

  /** Gives the message's bytes back to its stream's budget. */
  void release();
}
