package org.lpos.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.lpos.node.consensus.Ready;

/**
 * Applies one step's {@link Ready} in the one order that keeps a node safe across a crash, for
 * the real node, the simulator and the scenario tests alike: persist the committed blocks, then
 * the agreement state, then the signer record; then send the messages; then report what was
 * decided and arm the wake-up. A write that fails throws out of {@link #apply} and nothing of the
 * step is sent or reported.
 *
 * <p>Why this order: blocks before the signer record, because the record of a step that commits
 * is for the next height, and a crash between the two writes leaves the older record with
 * nothing sent; the lock before the signer record, because a crash between the two leaves a lock
 * without the precommit it allowed, which is safe, where the other order could leave a precommit
 * without its lock; everything before the messages, because a message a restart cannot account
 * for is how a node comes to sign twice.
 */
public final class ReadyApplier {
  private final ReadyStore store;
  private final ReadyTransport transport;
  private final ReadyListener listener;

  /** An applier writing to {@code store}, sending through {@code transport}, reporting to {@code listener}. */
  public ReadyApplier(ReadyStore store, ReadyTransport transport, ReadyListener listener) {
    this.store = store;
    this.transport = transport;
    this.listener = listener;
  }

  /** Applies {@code ready}; throws (having sent nothing) when its state cannot be made durable. */
  public void apply(Ready ready) {
    if (ready.mustPersist()) {
      persist(ready);
    }
    listener.durable(ready);
    transport.send(ready.messages());
    listener.applied(ready);
    listener.wakeUpAt(ready.wakeUpAtMs());
  }

  private void persist(Ready ready) {
    if (!ready.committed().isEmpty()) {
      try {
        store.appendBlocks(ready.committed(), ready.deltas());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store committed blocks; refusing to send this step's messages", e);
      }
    }
    if (ready.agreement().isPresent()) {
      try {
        store.writeAgreement(ready.agreement().get());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the agreement state; refusing to send signed messages", e);
      }
    }
    if (ready.signer().isPresent()) {
      try {
        store.writeSigner(ready.signer().get());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the signer state; refusing to send signed messages", e);
      }
    }
  }
}
