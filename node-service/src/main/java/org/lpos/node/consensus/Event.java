package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;

/**
 * An input of the consensus core. Every event carries the time at which the shell observed it:
 * the core never reads a clock, so the same events at the same times give the same outputs.
 */
public sealed interface Event {
  /** When the event happened, in milliseconds of the shell's (or the simulator's) clock. */
  long nowMs();

  /** A message arrived from the peer whose public key is {@code from}. */
  record Received(long nowMs, ByteString from, PeerMessage message) implements Event {}

  /** Time passed; due timeouts fire. */
  record Tick(long nowMs) implements Event {}

  /** A client submitted a transaction to this node. */
  record SubmitTransaction(long nowMs, Transaction transaction) implements Event {}
}
