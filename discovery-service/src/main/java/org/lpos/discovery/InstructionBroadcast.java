package org.lpos.discovery;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.proto.v1.Instruction;

/**
 * The open {@code WatchInstructions} streams and the one-time broadcast to them.
 *
 * <p>The instruction goes out once, when the M-th node name registers; a stream opened after that
 * gets it at once. Each stream completes after its instruction, so a node knows nothing more will
 * come. Without an instruction, streams stay open until {@link #close}. Thread-safe: gRPC handler
 * threads and cancellation callbacks call in concurrently.
 */
public final class InstructionBroadcast {
  private final Optional<Instruction> instruction;
  private final int expected;
  private final List<StreamObserver<Instruction>> watchers = new ArrayList<>();
  private boolean sent;
  private long delivered;
  private boolean closed;

  /**
   * @param instruction what to send, or empty to never send anything
   * @param expected M, how many registered node names trigger the broadcast
   */
  public InstructionBroadcast(Optional<Instruction> instruction, int expected) {
    this.instruction = instruction;
    this.expected = expected;
  }

  /**
   * Records the registered count; sends the instruction if this is the moment it becomes due.
   *
   * @return the instruction if it was sent by this call
   */
  public synchronized Optional<Instruction> onRegistered(int registered) {
    if (sent || instruction.isEmpty() || registered < expected) {
      return Optional.empty();
    }
    sent = true;
    for (StreamObserver<Instruction> watcher : watchers) {
      deliver(watcher);
    }
    watchers.clear();
    return instruction;
  }

  /** Adds a stream: answered at once if the instruction is out (or the server closing), else held. */
  public synchronized void watch(StreamObserver<Instruction> watcher) {
    if (closed) {
      complete(watcher);
      return;
    }
    if (sent) {
      deliver(watcher);
      return;
    }
    if (watcher instanceof ServerCallStreamObserver<Instruction> call) {
      // A node that goes away must not stay in the list until shutdown.
      call.setOnCancelHandler(() -> forget(watcher));
    }
    watchers.add(watcher);
  }

  /** How many streams are waiting for the instruction. */
  public synchronized int waiting() {
    return watchers.size();
  }

  /** How many streams the instruction was delivered to so far. */
  public synchronized long delivered() {
    return delivered;
  }

  /** Completes every waiting stream (server shutdown); later watchers complete at once. */
  public synchronized void close() {
    closed = true;
    for (StreamObserver<Instruction> watcher : watchers) {
      complete(watcher);
    }
    watchers.clear();
  }

  private synchronized void forget(StreamObserver<Instruction> watcher) {
    watchers.remove(watcher);
  }

  private void deliver(StreamObserver<Instruction> watcher) {
    try {
      watcher.onNext(instruction.orElseThrow());
      watcher.onCompleted();
      delivered++;
    } catch (RuntimeException e) {
      // The stream was cancelled or closed under us; the other watchers still get theirs.
    }
  }

  private static void complete(StreamObserver<Instruction> watcher) {
    try {
      watcher.onCompleted();
    } catch (RuntimeException e) {
      // Already cancelled by the client; nothing left to tell it.
    }
  }
}
