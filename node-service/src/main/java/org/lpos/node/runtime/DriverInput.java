package org.lpos.node.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.lpos.chain.ledger.Rejection;
import org.lpos.node.consensus.Event;

/**
 * What the driver's queue holds: data, never code. The loop turns each input into one call of the
 * core ({@code start} or {@code handle}), so what the consensus thread can be asked to do is this
 * closed list and nothing else.
 */
sealed interface DriverInput {
  /** Enter the first undecided height (the first input, once). */
  record Start() implements DriverInput {}

  /** Time passed; the clock is read when the loop takes the tick, so a waiting tick is never stale. */
  record Tick() implements DriverInput {}

  /** A message from a peer; the loop releases {@code taken} when it takes the message. */
  record FromPeer(Event.Received event, InboundTicket taken) implements DriverInput {}

  /** A transaction the node itself submits; {@code admission} completes with the pool's answer. */
  record Submission(Event.SubmitTransaction event, CompletableFuture<Optional<Rejection>> admission)
      implements DriverInput {}
}
