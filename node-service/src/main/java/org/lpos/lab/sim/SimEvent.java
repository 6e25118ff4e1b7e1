package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import org.lpos.proto.v1.PeerMessage;

/** Something that happens at one simulated instant. */
sealed interface SimEvent {
  /**
   * A message reaches node {@code to} from node {@code from}, which sent it as the peer whose key
   * is {@code fromKey} (its own, or one of the phantom keys a Byzantine node also holds).
   */
  record Deliver(int to, int from, ByteString fromKey, PeerMessage message) implements SimEvent {}

  /** A node's core asked to be woken now ({@code epoch} names the life of the node that asked). */
  record Tick(int node, int epoch) implements SimEvent {}

  /** A stakeholder's client submits its next transaction. */
  record Submit(int node) implements SimEvent {}

  /** A node crashes (see {@link FaultPlan.Crash}). */
  record Crash(int node, long downMs, boolean afterPersist) implements SimEvent {}

  /** A crashed node restarts from what it persisted. */
  record Restart(int node) implements SimEvent {}

  /** A Byzantine node sends its unprompted traffic (lies, floods, phantom members' junk). */
  record Harass(int node) implements SimEvent {}

  /** The amnesia adversary heals the isolation of the committer of {@code height}. */
  record Heal(long height) implements SimEvent {}

  /** The periodic check of liveness, progress and the end of the run. */
  record Check() implements SimEvent {}
}
