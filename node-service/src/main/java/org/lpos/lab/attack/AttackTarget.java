package org.lpos.lab.attack;

import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;

/**
 * The nodes an attack is aimed at and how to reach them.
 *
 * @param nodes {@code host:port} of each node's gRPC port (peer and Node API services)
 * @param tls whether the nodes serve TLS ({@code --tls=off} on the nodes means plaintext here)
 * @param stakedKey a key that holds stake on the nodes' chain, for the attacks whose messages a
 *     node only buffers from stakeholders (next-height votes and proposals); empty means such an
 *     attack uses a fresh key and says in its report that it reached less
 */
public record AttackTarget(List<String> nodes, boolean tls, Optional<KeyPair> stakedKey) {
  /** Validates and copies. */
  public AttackTarget {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("an attack needs at least one node");
    }
    nodes = List.copyOf(nodes);
  }
}
