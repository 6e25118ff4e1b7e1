package org.lpos.chain.workload;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * Who one sending node pays and how much, for an {@link ExperimentSpec} (which says when): pure,
 * from the node's key, the keys of the experiment's nodes and a seed, so the real node's workload and
 * the simulator send the same load. As the original: {@code tx-rate}, {@code bootstrap-only} and
 * the {@code load-*} benchmarks pay the next key in sorted order one unit; {@code tx-rate-random}
 * pays one random key chosen once, one unit; {@code tx-n-outputs K} pays the next K keys (around
 * the ring, so a key may be paid twice when K exceeds the others) random amounts of 1 to
 * {@value #MAX_AMOUNT}. No fee is paid.
 */
public final class WorkloadPlan {
  /** The largest random amount of a {@code tx-n-outputs} payment. */
  public static final long MAX_AMOUNT = 10;
  /** The order the original calls sorted: keys as unsigned bytes. */
  public static final Comparator<ByteString> KEY_ORDER = ByteString.unsignedLexicographicalComparator();

  /** One output of a workload transaction. */
  public record Payment(ByteString to, long amount) {}

  private final ExperimentSpec spec;
  private final List<ByteString> others;
  private final SplittableRandom random;
  private final ByteString randomPeer;

  /**
   * The plan of the node with key {@code self} among {@code keys} (the nodes of the experiment it
   * knows: the real node's live peers from discovery, the simulator's nodes; self may be among them
   * or not); {@code seed} draws {@code tx-rate-random}'s peer and the amounts. Keys that run no
   * node must not be among them: stake paid to them draws seats nobody fills.
   */
  public WorkloadPlan(ExperimentSpec spec, ByteString self, Collection<ByteString> keys, long seed) {
    this.spec = spec;
    TreeSet<ByteString> sorted = new TreeSet<>(KEY_ORDER);
    sorted.addAll(keys);
    sorted.remove(self);
    // The ring starts after self: the "next" key is the first one greater, wrapping around.
    List<ByteString> ring = new ArrayList<>(sorted.tailSet(self, false));
    ring.addAll(sorted.headSet(self, false));
    this.others = List.copyOf(ring);
    this.random = new SplittableRandom(seed);
    this.randomPeer = others.isEmpty() ? null : others.get(random.nextInt(others.size()));
  }

  /** The chain's stakeholders: the distinct owners of the genesis outputs, sorted. */
  public static List<ByteString> stakeholders(Block genesis) {
    TreeSet<ByteString> owners = new TreeSet<>(KEY_ORDER);
    for (Transaction tx : genesis.getTransactionsList()) {
      for (TxOutput out : tx.getOutputsList()) {
        Scripts.standardOwner(out.getLock()).ifPresent(owners::add);
      }
    }
    return List.copyOf(owners);
  }

  /** The spec this plan follows. */
  public ExperimentSpec spec() {
    return spec;
  }

  /** Whether there is anyone to pay. */
  public boolean canSend() {
    return !others.isEmpty();
  }

  /** The outputs of the next transaction (change not included); empty when there is nobody to pay. */
  public List<Payment> nextPayments() {
    if (others.isEmpty()) {
      return List.of();
    }
    return switch (spec.experiment()) {
      case EXPERIMENT_TX_RATE_RANDOM -> List.of(new Payment(randomPeer, 1));
      case EXPERIMENT_TX_N_OUTPUTS -> {
        List<Payment> out = new ArrayList<>();
        for (int k = 0; k < (int) spec.param(); k++) {
          out.add(new Payment(others.get(k % others.size()), 1 + random.nextLong(MAX_AMOUNT)));
        }
        yield out;
      }
      default -> List.of(new Payment(others.get(0), 1));
    };
  }

  /** The most one transaction of this plan pays: an input worth more pays it and leaves change. */
  public long maxValuePerTransaction() {
    return spec.experiment() == Experiment.EXPERIMENT_TX_N_OUTPUTS ? MAX_AMOUNT * (long) spec.param() : 1;
  }
}
