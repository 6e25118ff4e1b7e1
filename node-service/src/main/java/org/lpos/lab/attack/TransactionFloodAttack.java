package org.lpos.lab.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.TransactionBatch;

/**
 * Issue 14 (a): one key streams transaction batches of almost 4 MiB (just under gRPC's default
 * maximum message, so each one is decoded) at line rate to every node, dialling again whenever a
 * node drops it. The transactions are junk a node can only refuse after decoding each one. A node
 * that queues whatever arrives holds gigabytes; a sound one pushes back with flow control and
 * byte budgets and keeps committing.
 */
public final class TransactionFloodAttack implements Attack {
  /** Bytes of transactions in each batch: 4 MiB less room for the envelope. */
  static final long BATCH_BYTES = (4L << 20) - (16 << 10);
  /** Distinct batches cycled through (building one takes the attacker a while). */
  private static final int DISTINCT_BATCHES = 2;

  @Override
  public String name() {
    return "tx-flood";
  }

  @Override
  public String description() {
    return "one key streams ~4 MiB batches of junk transactions at line rate to every node";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    KeyPair key = junk.key();
    List<PeerMessage> batches = new ArrayList<>();
    for (int i = 0; i < DISTINCT_BATCHES; i++) {
      batches.add(PeerMessage.newBuilder().setTransactions(TransactionBatch.newBuilder()
          .addAllTransactions(junk.transactionsOfBytes(BATCH_BYTES))).build());
    }
    int perBatch = batches.get(0).getTransactions().getTransactionsCount();
    try (AttackChannels channels = new AttackChannels(target)) {
      PeerFlood.Counts c = new PeerFlood(target, channels).run(duration, inEffect, 1, n -> key,
          AttackerPeer.Reading.READS, new PeerFlood.Frames() {
            private int next;

            @Override
            public synchronized PeerMessage next(PeerFlood.Sender sender, NodeFacts node) {
              return batches.get(next++ % batches.size());
            }
          });
      return new AttackReport(name(), PeerFlood.since(start), c.messages(), c.bytes(), c.streams(), c.refused(),
          "transactions_per_batch=" + perBatch + " closed_by=" + c.closedBy());
    }
  }
}
