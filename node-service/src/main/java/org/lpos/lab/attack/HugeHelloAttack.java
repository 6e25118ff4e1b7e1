package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.PeerEnvelope;

/**
 * Issue 14 (d): {@value #HELLOS} Hellos per node, each on a new stream, naming a chain whose id is
 * almost 4 MiB long (so the frame still fits gRPC's default maximum and reaches the handshake). A
 * node that writes the refused chain id into its log writes gigabytes; a sound one refuses the
 * Hello with a bounded message (or earlier, by size) and its log stays small.
 */
public final class HugeHelloAttack implements Attack {
  static final int HELLOS = 1_000;
  /** Characters of the chain id: 4 MiB less room for the rest of the frame. */
  static final int CHAIN_ID_CHARS = (4 << 20) - (4 << 10);
  private static final int STREAMS_IN_FLIGHT_PER_NODE = 4;
  private static final long STEP_TIMEOUT_MS = 5_000;

  @Override
  public String name() {
    return "huge-hellos";
  }

  @Override
  public String description() {
    return HELLOS + " Hellos per node, each on a new stream, with a chain id of almost 4 MiB";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    StringBuilder id = new StringBuilder(CHAIN_ID_CHARS);
    for (int i = 0; i < CHAIN_ID_CHARS; i++) {
      id.append((char) ('a' + junk.nextInt(26)));
    }
    String chainId = id.toString();
    CloseCodes codes = new CloseCodes();
    AtomicLong sent = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try (AttackChannels channels = new AttackChannels(target)) {
      List<Thread> threads = new ArrayList<>();
      List<NodeFacts> facts = new ArrayList<>();
      for (String node : target.nodes()) {
        facts.add(NodeFacts.read(channels.open(node)));
      }
      inEffect.run();
      long deadline = System.nanoTime() + duration.toNanos();
      for (int n = 0; n < target.nodes().size(); n++) {
        String node = target.nodes().get(n);
        ByteString genesisHash = facts.get(n).genesisHash();
        ManagedChannel channel = channels.open(node);
        AtomicInteger left = new AtomicInteger(HELLOS);
        for (int t = 0; t < STREAMS_IN_FLIGHT_PER_NODE; t++) {
          threads.add(PeerFlood.daemon("attack-hello-" + node + "-" + t, () -> {
            try {
              while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                PeerEnvelope hello = PeerEnvelope.newBuilder().setHello(Hello.newBuilder()
                    .setPublicKey(junk.key().publicKey()).setChainId(chainId).setGenesisHash(genesisHash)
                    .setChallenge(junk.bytes(32))).build();
                AttackerPeer p = AttackerPeer.raw(channel, AttackerPeer.Reading.READS);
                try {
                  if (p.sendWhenReady(hello, STEP_TIMEOUT_MS)) {
                    sent.incrementAndGet();
                    bytes.addAndGet(hello.getSerializedSize());
                  }
                  codes.add(p.awaitClosed(STEP_TIMEOUT_MS).map(Status::getCode).orElse(Status.Code.DEADLINE_EXCEEDED));
                } finally {
                  p.close();
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }));
        }
      }
      try {
        for (Thread t : threads) {
          t.join();
        }
      } finally {
        threads.forEach(Thread::interrupt);
      }
      long doneMs = PeerFlood.since(start).toMillis();
      PeerFlood.holdUntil(deadline);
      return new AttackReport(name(), PeerFlood.since(start), sent.get(), bytes.get(), sent.get(),
          sent.get() - codes.count(Status.Code.DEADLINE_EXCEEDED), "hellos_done_ms=" + doneMs + " ended_with=" + codes);
    }
  }
}
