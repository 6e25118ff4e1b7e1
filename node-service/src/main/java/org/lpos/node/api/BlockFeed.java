package org.lpos.node.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * Fans committed blocks out to WatchBlocks streams. A watcher that cannot keep up (its transport
 * is not ready) is ended with RESOURCE_EXHAUSTED rather than buffered without bound.
 */
public final class BlockFeed {
  private final List<ServerCallStreamObserver<WatchBlocksResponse>> watchers = new CopyOnWriteArrayList<>();

  static WatchBlocksResponse response(CertifiedBlock block) {
    return WatchBlocksResponse.newBuilder().setBlock(block).setHash(Blocks.hash(block.getBlock())).build();
  }

  void subscribe(ServerCallStreamObserver<WatchBlocksResponse> watcher) {
    watcher.setOnCancelHandler(() -> watchers.remove(watcher));
    watchers.add(watcher);
  }

  /** Sends a committed block to every watcher. */
  public void publish(CertifiedBlock block) {
    WatchBlocksResponse r = response(block);
    for (ServerCallStreamObserver<WatchBlocksResponse> w : watchers) {
      synchronized (w) {
        try {
          if (w.isCancelled()) {
            watchers.remove(w);
          } else if (!w.isReady()) {
            watchers.remove(w);
            w.onError(Status.RESOURCE_EXHAUSTED.withDescription("watcher too slow").asRuntimeException());
          } else {
            w.onNext(r);
          }
        } catch (RuntimeException e) {
          watchers.remove(w);
        }
      }
    }
  }

  /** Ends every stream (shutdown). */
  public void close() {
    for (ServerCallStreamObserver<WatchBlocksResponse> w : watchers) {
      synchronized (w) {
        try {
          w.onCompleted();
        } catch (RuntimeException ignored) {
          // Already cancelled by the client; nothing to complete.
        }
      }
    }
    watchers.clear();
  }
}
