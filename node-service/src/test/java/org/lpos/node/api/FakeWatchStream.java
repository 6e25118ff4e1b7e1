package org.lpos.node.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * A WatchBlocks stream whose transport readiness the test sets: it records what was sent and how
 * the stream ended, and calls the on-ready handler when it becomes ready, as gRPC does.
 */
final class FakeWatchStream extends ServerCallStreamObserver<WatchBlocksResponse> {
  final List<Long> heights = new ArrayList<>();
  Status ended;
  private boolean ready = true;
  private boolean cancelled;
  private Runnable onReady = () -> { };
  private Runnable onCancel = () -> { };

  void ready(boolean now) {
    ready = now;
    if (now) {
      onReady.run();
    }
  }

  void cancel() {
    cancelled = true;
    ready = false;
    onCancel.run();
  }

  @Override
  public boolean isReady() {
    return ready && !cancelled;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    onReady = handler;
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    onCancel = handler;
  }

  @Override
  public void onNext(WatchBlocksResponse value) {
    if (ended != null) {
      throw new IllegalStateException("sent after the stream ended");
    }
    heights.add(value.getBlock().getBlock().getHeader().getHeight());
  }

  @Override
  public void onError(Throwable t) {
    ended = Status.fromThrowable(t);
  }

  @Override
  public void onCompleted() {
    ended = Status.OK;
  }

  @Override
  public void setCompression(String compression) {}

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
