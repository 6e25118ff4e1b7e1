package org.lpos.lab.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.PeerMessage;

/**
 * Issue 14 (b): 10,000 catch-up requests per node for the largest batch of blocks from height 1,
 * on streams that never read a byte of the answers. They come from {@value #PEERS} fresh keys of
 * {@value #REQUESTS_PER_PEER} requests each, which keeps every key within a per-peer request
 * budget's burst: the node's own limits per peer admit all of them, and only a bound on what it
 * queues for a peer in bytes (and in all) keeps the answers from filling its heap. The streams
 * stay open, unread, until the attack's time is up.
 */
public final class UnreadBlockRequestsAttack implements Attack {
  static final int PEERS = 100;
  static final int REQUESTS_PER_PEER = 100;
  private static final long STEP_TIMEOUT_MS = 5_000;
  private static final int SETUP_THREADS = 32;
  /** Longest the attacker takes to open its streams and send its requests before it holds them. */
  private static final long SETUP_TIMEOUT_MS = 120_000;

  @Override
  public String name() {
    return "unread-block-requests";
  }

  @Override
  public String description() {
    return PEERS * REQUESTS_PER_PEER + " block requests per node from " + PEERS
        + " fresh keys whose streams never read the answers";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    long setupDeadline = start + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
    Junk junk = new Junk(seed);
    PeerMessage request = PeerMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setFromHeight(1).setCount(Integer.MAX_VALUE)).build();
    AtomicLong sent = new AtomicLong();
    List<AttackerPeer> peers = new ArrayList<>();
    ExecutorService setup = Executors.newFixedThreadPool(SETUP_THREADS, r -> {
      Thread t = new Thread(r, "attack-unread-setup");
      t.setDaemon(true);
      return t;
    });
    try (AttackChannels channels = new AttackChannels(target)) {
      List<Future<AttackerPeer>> opened = new ArrayList<>();
      for (String node : target.nodes()) {
        NodeFacts facts = NodeFacts.read(channels.open(node));
        for (int i = 0; i < PEERS; i++) {
          var key = junk.key();
          opened.add(setup.submit(() -> {
            AttackerPeer p = AttackerPeer.handshaken(channels.open(node), key, facts,
                AttackerPeer.Reading.NEVER_READS, STEP_TIMEOUT_MS);
            for (int r = 0; r < REQUESTS_PER_PEER; r++) {
              if (!p.send(request, STEP_TIMEOUT_MS)) {
                break;
              }
              sent.incrementAndGet();
            }
            return p;
          }));
        }
      }
      for (Future<AttackerPeer> f : opened) {
        try {
          peers.add(f.get(Math.max(0, setupDeadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // Counted below as a stream that did not come up.
        }
      }
      long setupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      inEffect.run();
      PeerFlood.holdUntil(System.nanoTime() + duration.toNanos());
      long closed = peers.stream().filter(AttackerPeer::isClosed).count();
      long bytes = peers.stream().mapToLong(AttackerPeer::sentBytes).sum();
      return new AttackReport(name(), PeerFlood.since(start), sent.get(), bytes, opened.size(),
          closed + opened.size() - peers.size(), "setup_ms=" + setupMs);
    } finally {
      setup.shutdownNow();
      peers.forEach(AttackerPeer::close);
    }
  }
}
