package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxOutput;

/**
 * Issue 14 (c): frames of 5 MiB, over any sane maximum message size, sent again and again for the
 * attack's duration to every node in three places: as a stranger's first frame (a Hello), after a
 * completed handshake (a transaction batch), and as a Node API call (SubmitTransaction). A sound
 * node refuses each one by its length prefix, without buffering it, and closes only that stream.
 */
public final class OversizedFrameAttack implements Attack {
  static final int FRAME_BYTES = 5 << 20;
  private static final long STEP_TIMEOUT_MS = 5_000;

  @Override
  public String name() {
    return "oversized-frame";
  }

  @Override
  public String description() {
    return "5 MiB frames, over and over: as a first Hello, after a handshake, and as a SubmitTransaction";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    ByteString filler = junk.bytes(FRAME_BYTES);
    Transaction huge = Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(1)
        .setLock(Scripts.standardLock(filler))).build();
    PeerMessage batch = PeerMessage.newBuilder().setTransactions(TransactionBatch.newBuilder().addTransactions(huge))
        .build();
    CloseCodes codes = new CloseCodes();
    AtomicLong sent = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    KeyPair key = junk.key();
    try (AttackChannels channels = new AttackChannels(target)) {
      List<Thread> threads = new ArrayList<>();
      List<NodeFacts> known = new ArrayList<>();
      for (String node : target.nodes()) {
        known.add(NodeFacts.read(channels.open(node)));
      }
      inEffect.run();
      long deadline = System.nanoTime() + duration.toNanos();
      for (int n = 0; n < target.nodes().size(); n++) {
        String node = target.nodes().get(n);
        NodeFacts facts = known.get(n);
        ManagedChannel channel = channels.open(node);
        threads.add(PeerFlood.daemon("attack-oversized-" + node, () -> {
          try {
            for (int round = 0; System.nanoTime() < deadline; round++) {
              switch (round % 3) {
                case 0 -> {
                  AttackerPeer p = AttackerPeer.raw(channel, AttackerPeer.Reading.READS);
                  PeerEnvelope hello = PeerEnvelope.newBuilder().setHello(Hello.newBuilder().setPublicKey(key.publicKey())
                      .setChainId(facts.chainId()).setGenesisHash(facts.genesisHash()).setChallenge(filler)).build();
                  sendAndAwaitClose(p, hello, codes, sent, bytes);
                }
                case 1 -> {
                  AttackerPeer p = AttackerPeer.handshaken(channel, key, facts, AttackerPeer.Reading.READS,
                      STEP_TIMEOUT_MS);
                  sendAndAwaitClose(p, PeerEnvelope.newBuilder().setMessage(batch).build(), codes, sent, bytes);
                }
                default -> {
                  try {
                    NodeGrpc.newBlockingStub(channel).withDeadlineAfter(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(huge).build());
                    codes.add(Status.Code.OK);
                  } catch (StatusRuntimeException e) {
                    codes.add(e.getStatus().getCode());
                  }
                  sent.incrementAndGet();
                  bytes.addAndGet(huge.getSerializedSize());
                }
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      try {
        for (Thread t : threads) {
          t.join();
        }
      } finally {
        threads.forEach(Thread::interrupt);
      }
    }
    return new AttackReport(name(), PeerFlood.since(start), sent.get(), bytes.get(), sent.get(),
        sent.get() - codes.count(Status.Code.OK) - codes.count(Status.Code.DEADLINE_EXCEEDED),
        "frame_mib=5 ended_with=" + codes);
  }

  private static void sendAndAwaitClose(AttackerPeer p, PeerEnvelope frame, CloseCodes codes, AtomicLong sent,
      AtomicLong bytes) throws InterruptedException {
    try {
      if (p.sendWhenReady(frame, STEP_TIMEOUT_MS)) {
        sent.incrementAndGet();
        bytes.addAndGet(frame.getSerializedSize());
      }
      codes.add(p.awaitClosed(STEP_TIMEOUT_MS).map(Status::getCode).orElse(Status.Code.DEADLINE_EXCEEDED));
    } finally {
      p.close();
    }
  }
}
