package org.lpos.lab.attack;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.PeerMessage;

/**
 * The engine of the flooding attacks: a number of attacker peers per node, each on its own
 * connection and handshaken with its own key (or a shared one), sending the messages a
 * {@link Frames} makes as fast as the transport takes them until time is up. A peer the node
 * drops dials again and goes on, as a determined attacker would: a new handshake is all it costs.
 * What each node looks like now (its height and last block) is refreshed in the background, so
 * height-dependent junk stays current while the chain moves.
 */
final class PeerFlood {
  /** How long a send or a handshake may wait before the flood checks its deadline again. */
  private static final long STEP_TIMEOUT_MS = 1_000;
  /** Pause before dialling again after the node refused a handshake (not to spin on a refusal). */
  private static final long REDIAL_PAUSE_MS = 20;
  private static final long REFRESH_MS = 250;

  /** One attacker peer: which node, which of that node's peers, with which key. */
  record Sender(String node, int index, KeyPair key) {}

  /** Makes the next message a sender sends, given what its node looks like now. */
  interface Frames {
    PeerMessage next(Sender sender, NodeFacts node);
  }

  private final AttackTarget target;
  private final AttackChannels channels;
  private final Map<String, NodeFacts> facts = new ConcurrentHashMap<>();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<Status.Code, AtomicLong> closes = new ConcurrentHashMap<>();

  PeerFlood(AttackTarget target, AttackChannels channels) {
    this.target = target;
    this.channels = channels;
  }

  /**
   * Runs {@code peersPerNode} senders against every node for {@code duration} (from the call of
   * {@code inEffect}, once the nodes have been looked up), keys from
   * {@code keys} (by sender number across all nodes); returns the counts.
   */
  Counts run(Duration duration, Runnable inEffect, int peersPerNode, IntFunction<KeyPair> keys,
      AttackerPeer.Reading reading, Frames frames) throws InterruptedException {
    for (String node : target.nodes()) {
      facts.put(node, NodeFacts.read(channels.open(node)));
    }
    inEffect.run();
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    threads.add(daemon("attack-facts", () -> refresh(deadline)));
    int n = 0;
    for (String node : target.nodes()) {
      for (int i = 0; i < peersPerNode; i++) {
        Sender s = new Sender(node, i, keys.apply(n++));
        threads.add(daemon("attack-" + node + "-" + i, () -> flood(s, reading, frames, deadline)));
      }
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      threads.forEach(Thread::interrupt);
    }
    return counts();
  }

  /** What the flood did so far. */
  Counts counts() {
    StringBuilder why = new StringBuilder();
    closes.forEach((code, count) -> why.append(why.isEmpty() ? "" : ",").append(code).append(':').append(count));
    return new Counts(messages.get(), bytes.get(), streams.get(), refused.get(), why.isEmpty() ? "none" : why.toString());
  }

  /** Counts of a flood; {@code closedBy} lists the status codes the node closed streams with. */
  record Counts(long messages, long bytes, long streams, long refused, String closedBy) {}

  private void flood(Sender s, AttackerPeer.Reading reading, Frames frames, long deadline) {
    ManagedChannel channel = channels.open(s.node());
    AttackerPeer peer = null;
    try {
      while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
        if (peer == null || peer.isClosed()) {
          if (peer != null) {
            noteClosed(peer);
            Thread.sleep(REDIAL_PAUSE_MS);
          }
          peer = AttackerPeer.handshaken(channel, s.key(), facts.get(s.node()), reading, STEP_TIMEOUT_MS);
          streams.incrementAndGet();
          continue;
        }
        PeerMessage m = frames.next(s, facts.get(s.node()));
        if (peer.send(m, STEP_TIMEOUT_MS)) {
          messages.incrementAndGet();
          bytes.addAndGet(m.getSerializedSize());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      closes.computeIfAbsent(Status.Code.UNKNOWN, c -> new AtomicLong()).incrementAndGet();
    } finally {
      if (peer != null) {
        if (peer.isClosed()) {
          noteClosed(peer);
        }
        peer.close();
      }
    }
  }

  private void noteClosed(AttackerPeer peer) {
    refused.incrementAndGet();
    Status.Code code = peer.closedWith().map(Status::getCode).orElse(Status.Code.UNKNOWN);
    closes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
  }

  private void refresh(long deadline) {
    Map<String, ManagedChannel> api = new HashMap<>();
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      for (String node : target.nodes()) {
        try {
          facts.put(node, NodeFacts.read(api.computeIfAbsent(node, channels::open)));
        } catch (RuntimeException notAnswering) {
          // The flood goes on with what it knew; a node too busy to answer is the point of it.
        }
      }
      try {
        Thread.sleep(REFRESH_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Starts a daemon thread (an attack's threads must never keep a JVM alive). */
  static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Elapsed time since {@code startNanos}. */
  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Sleeps until {@code deadlineNanos} (an attack holding its effect until its time is up). */
  static void holdUntil(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
