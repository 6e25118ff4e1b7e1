package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.lpos.node.scenario.ScenarioChain;
import org.lpos.node.scenario.ScenarioCluster;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;

/**
 * A {@link ScenarioCluster} of cores over {@link CoreCluster}'s in-memory network and simulated
 * clock. Each node persists what a real node's store would (its blocks, signer record and
 * agreement state, from every step's {@link Ready}); a crash isolates the core and a restart
 * replaces it by a new core started from that alone. Waiting moves the clock in 50 ms steps, up to
 * two simulated minutes per wait.
 */
final class InMemoryScenarioCluster implements ScenarioCluster {
  private static final long STEP_MS = 50;
  private static final long DEADLINE_MS = 120_000;

  private final CoreCluster cluster;
  private final Map<ByteString, Persisted> persisted = new HashMap<>();

  /** What one node has persisted. */
  private static final class Persisted {
    final MemoryBlockArchive blocks = new MemoryBlockArchive();
    Optional<SignerRecord> signer = Optional.empty();
    Optional<AgreementState> agreement = Optional.empty();

    void write(Ready ready) {
      blocks.append(ready);
      ready.signer().ifPresent(s -> signer = Optional.of(s));
      ready.agreement().ifPresent(a -> agreement = Optional.of(a));
    }

    PersistedState restored() {
      return new PersistedState(Optional.empty(), blocks, signer, agreement);
    }
  }

  InMemoryScenarioCluster(ScenarioChain chain) {
    this.cluster = new CoreCluster(chain.members(), chain.genesis(), ConsensusConfig.defaults(),
        key -> persisted.computeIfAbsent(key, k -> new Persisted()).restored(),
        (key, ready) -> persisted.get(key).write(ready));
  }

  @Override
  public void submit(int node, Transaction tx) {
    cluster.submit(node, tx);
  }

  @Override
  public void stop(int node) {
    cluster.isolated.add(cluster.key(node));
  }

  @Override
  public void restart(int node) {
    ByteString key = cluster.key(node);
    cluster.isolated.remove(key);
    cluster.restart(node, persisted.get(key).restored());
  }

  @Override
  public long height(int node) {
    return cluster.core(node).chain().tip().height();
  }

  @Override
  public List<CertifiedBlock> chain(int node) {
    return cluster.core(node).committedBlocks();
  }

  @Override
  public void await(String what, BooleanSupplier condition) {
    long deadline = cluster.now + DEADLINE_MS;
    while (!condition.getAsBoolean()) {
      if (cluster.now >= deadline) {
        throw new AssertionError("not within " + DEADLINE_MS + " simulated ms: " + what);
      }
      cluster.advanceTo(cluster.now + STEP_MS);
    }
  }

  @Override
  public void close() {
    // Nothing outside this JVM's memory.
  }
}
