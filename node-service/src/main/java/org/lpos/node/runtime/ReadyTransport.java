package org.lpos.node.runtime;

import java.util.List;
import org.lpos.node.consensus.Outbound;

/** Where a step's messages go: the peer mesh, the simulator's network, a test's in-memory queue. */
public interface ReadyTransport {
  /** Sends the step's messages (possibly none), in order, once its state is durable. */
  void send(List<Outbound> messages);
}
