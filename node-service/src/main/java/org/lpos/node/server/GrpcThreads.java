package org.lpos.node.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.node.api.ApiLimits;
import org.lpos.proto.v1.PeerGrpc;

/**
 * The pools that run a node's gRPC callbacks: fixed pools, not a thread per call. Calls to the
 * Peer service run on a pool of their own and everything else (the Node API, health, reflection)
 * on the API pool, so a flood of API calls, which fills its pool's queue with thousands of
 * callbacks, never queues ahead of the senate's votes (CometBFT likewise keeps its RPC server
 * apart from p2p). Handlers never block, so a few threads serve any number of calls; a task
 * refused by a full queue is a backstop only (the API's admission caps and the peer budgets keep
 * the queues short), and an {@link Error} on a pool thread fails the node.
 */
final class GrpcThreads {
  private static final Logger LOG = Logger.getLogger(GrpcThreads.class.getName());

  private final ThreadPoolExecutor api;
  private final ThreadPoolExecutor peers;

  /** Pools sized by {@code limits}; an {@link Error} on one of their threads goes to {@code fail}. */
  GrpcThreads(ApiLimits limits, Consumer<Throwable> fail) {
    this.api = pool("lpos-grpc-", limits.threads(), limits.maxQueuedTasks(), fail);
    this.peers = pool("lpos-grpc-peer-", Math.max(2, Runtime.getRuntime().availableProcessors()),
        limits.maxQueuedTasks(), fail);
  }

  /** The API pool, which also runs every call the supplier does not route elsewhere. */
  Executor api() {
    return api;
  }

  /** Routes each Peer-service call to the peer pool and leaves the rest on the server's executor. */
  ServerCallExecutorSupplier byService() {
    return new ServerCallExecutorSupplier() {
      @Override
      public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        return PeerGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName()) ? peers : null;
      }
    };
  }

  /** Stops both pools and waits up to {@code timeoutMs} for their threads. */
  void shutdownNow(long timeoutMs) throws InterruptedException {
    api.shutdownNow();
    peers.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    api.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    peers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private static ThreadPoolExecutor pool(String prefix, int threads, int maxQueued, Consumer<Throwable> fail) {
    AtomicInteger number = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(maxQueued),
        r -> {
          Thread t = new Thread(r, prefix + number.incrementAndGet());
          t.setDaemon(true);
          t.setUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
              fail.accept(e);
            } else {
              LOG.log(Level.WARNING, "a gRPC task failed on " + thread.getName(), e);
            }
          });
          return t;
        });
  }
}
