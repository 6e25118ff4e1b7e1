package org.lpos.node.runtime;

import java.util.OptionalLong;
import org.lpos.node.consensus.Ready;

/** Who hears what a step decided, at the points of {@link ReadyApplier}'s order. */
public interface ReadyListener {
  /**
   * The step's state is durable (or it had none) and none of its messages has left: its commits
   * are final. For observers that must see a commit before anyone can see the step's messages
   * (the simulator's safety checker and fault hooks); a node reports in {@link #applied}.
   */
  default void durable(Ready ready) {}

  /**
   * The step's messages left: report its committed blocks, rejections, evidence and offences
   * (metrics, logs, the block feed, commit listeners).
   */
  default void applied(Ready ready) {}

  /** When the core next needs a tick, or empty when it needs none; the last call wins. */
  void wakeUpAt(OptionalLong atMs);
}
