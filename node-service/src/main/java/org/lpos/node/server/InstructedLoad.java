package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.Instruction;

/**
 * What a node runs when discovery announces an experiment (the original's nodes sent their
 * share of the load themselves). The node only defines this port; the load generator lives in
 * the lab ({@code org.lpos.lab.load}) and the launcher plugs it in, so the node never imports
 * the lab.
 */
@FunctionalInterface
public interface InstructedLoad {
  /**
   * Starts the instructed load on this node; empty when the instruction cannot be run (it comes
   * from the network, so it may be nonsense: the implementation logs and ignores it).
   */
  Optional<AutoCloseable> start(Request request);

  /**
   * One instruction for one node.
   *
   * @param payees the live peers discovery lists when the instruction arrives
   * @param nodeDir where the node writes its outputs (latencies), or null
   */
  record Request(LposNode node, KeyPair key, String chainId, Instruction instruction, List<ByteString> payees,
      Path nodeDir) {
    /** Copies the payee list. */
    public Request {
      payees = List.copyOf(payees);
    }
  }
}
