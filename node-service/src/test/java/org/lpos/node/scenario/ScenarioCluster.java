package org.lpos.node.scenario;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;

/**
 * A cluster of nodes as a scenario sees it, whatever carries their messages: node i is member i of
 * the {@link ScenarioChain} it was started on, every node peers with every other. The in-memory
 * implementation moves a simulated clock; the gRPC one runs real nodes and waits for real time.
 */
public interface ScenarioCluster extends AutoCloseable {
  /** Hands {@code tx} to node {@code node} as a client would. */
  void submit(int node, Transaction tx);

  /** Crashes node {@code node}: it stops at once, keeping only what it persisted. */
  void stop(int node);

  /** Starts a stopped node again from what it persisted; it dials every other node. */
  void restart(int node);

  /** The height of the last block node {@code node} committed (0: genesis only). */
  long height(int node);

  /** The certified blocks node {@code node} committed, heights 1 to {@link #height}. */
  List<CertifiedBlock> chain(int node);

  /**
   * Lets the cluster run until {@code condition} holds; fails naming {@code what} when the
   * cluster's deadline passes first (simulated time in memory, wall-clock time over gRPC).
   */
  void await(String what, BooleanSupplier condition);

  /** Stops every node and frees what the cluster holds. */
  @Override
  void close();
}
