package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.BitSet;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.Ready;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * The crash pattern of {@link ByzantineMode#AMNESIA}, aimed at the amnesia fork. An episode
 * targets the height two above the highest committed one. The first honest senator that sends a
 * precommit for a block there is left running (the would-be committer); every other honest
 * senator that precommits a block in that round crashes right after sending it and restarts
 * {@link #DOWN_MS} later from what it persisted. A node that commits the target in that round is
 * cut from everyone at once, before its commit leaves, until {@link #healAtMs}: the restarted
 * nodes hold no memory of their lock, and if they hold a quorum of seats they may decide another
 * block in a later round. Episodes follow one another while the fault window leaves room for one.
 */
final class AmnesiaAdversary {
  /** What the simulation does with a node after one of its steps. */
  enum Action {
    NONE,
    /** Send the step's messages, then crash. */
    CRASH_AFTER_SENDING,
    /** Cut the node from everyone before the step's messages leave. */
    ISOLATE
  }

  /** How long a crashed precommitter stays down. */
  static final long DOWN_MS = 300;
  /** How long the committer stays cut off at most. */
  static final long MAX_ISOLATION_MS = 15_000;
  /** The isolation ends at least this long before the faults end. */
  static final long HEAL_MARGIN_MS = 2_000;
  /** An episode starts only if its isolation could last this long. */
  static final long MIN_EPISODE_MS = 12_000;
  /** Time between the end of one episode and the start of the next. */
  static final long GAP_MS = 1_000;

  private final long faultsUntilMs;
  private final BitSet crashed = new BitSet();
  private final BitSet isolated = new BitSet();
  private long target = -1;
  private int round = -1;
  private int committer = -1;
  private long nextEpisodeAtMs;
  private long episodes;

  AmnesiaAdversary(long faultsUntilMs) {
    this.faultsUntilMs = faultsUntilMs;
  }

  /**
   * Starts an episode if none runs and the window leaves room, or ends one whose height passed
   * without anyone to isolate; {@code referenceHeight} is the highest height an honest node committed.
   */
  void onCheck(long referenceHeight, long nowMs) {
    if (target >= 0 && isolated.isEmpty() && referenceHeight > target) {
      end(nowMs);
    }
    if (target < 0 && nowMs >= nextEpisodeAtMs && nowMs + MIN_EPISODE_MS <= faultsUntilMs - HEAL_MARGIN_MS) {
      target = referenceHeight + 2;
      episodes++;
    }
  }

  /** What to do with honest node {@code node} (key {@code key}) after a step that produced {@code ready}. */
  Action onStep(int node, ByteString key, Ready ready) {
    if (target < 0) {
      return Action.NONE;
    }
    int precommitRound = ownPrecommitRound(key, ready);
    if (round < 0 && precommitRound >= 0) {
      round = precommitRound;
    }
    if (committedInEpisodeRound(ready) && !isolated.get(node)) {
      isolated.set(node);
      return Action.ISOLATE;
    }
    if (precommitRound < 0 || precommitRound != round) {
      return Action.NONE;
    }
    if (committer < 0) {
      committer = node;
      return Action.NONE;
    }
    if (node != committer && !crashed.get(node)) {
      crashed.set(node);
      return Action.CRASH_AFTER_SENDING;
    }
    return Action.NONE;
  }

  /** When an isolation that starts now ends. */
  long healAtMs(long nowMs) {
    return Math.min(nowMs + MAX_ISOLATION_MS, faultsUntilMs - HEAL_MARGIN_MS);
  }

  /** The height of the running episode, or -1. */
  long target() {
    return target;
  }

  /** Ends the episode of {@code height}, if it is the running one, and returns the nodes to heal. */
  BitSet heal(long height, long nowMs) {
    if (height != target) {
      return new BitSet();
    }
    BitSet heal = (BitSet) isolated.clone();
    end(nowMs);
    return heal;
  }

  /** Episodes started. */
  long episodes() {
    return episodes;
  }

  private void end(long nowMs) {
    target = -1;
    round = -1;
    committer = -1;
    crashed.clear();
    isolated.clear();
    nextEpisodeAtMs = nowMs + GAP_MS;
  }

  private int ownPrecommitRound(ByteString key, Ready ready) {
    for (Outbound o : ready.messages()) {
      if (!o.message().hasVote()) {
        continue;
      }
      Vote v = o.message().getVote();
      if (v.getType() == VoteType.VOTE_TYPE_PRECOMMIT && v.getHeight() == target && !v.getBlockHash().isEmpty()
          && v.getSigner().equals(key)) {
        return v.getRound();
      }
    }
    return -1;
  }

  private boolean committedInEpisodeRound(Ready ready) {
    for (CertifiedBlock cb : ready.committed()) {
      if (cb.getBlock().getHeader().getHeight() == target && cb.getCertificate().getRound() == round) {
        return true;
      }
    }
    return false;
  }
}
