package org.lpos.node.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.node.api.ApiLimits;

/**
 * The pool that runs a node's gRPC callbacks and the API's work: a fixed pool, not a thread per
 * call. Handlers never block, so a few threads serve any number of calls; a task refused by the
 * full queue is a backstop only (the API's admission caps keep the queue short), and an
 * {@link Error} on a pool thread fails the node.
 */
final class GrpcThreadPool {
  private static final Logger LOG = Logger.getLogger(GrpcThreadPool.class.getName());

  private GrpcThreadPool() {}

  /** A pool sized by {@code limits}; an {@link Error} on one of its threads goes to {@code fail}. */
  static ThreadPoolExecutor create(ApiLimits limits, Consumer<Throwable> fail) {
    AtomicInteger number = new AtomicInteger();
    return new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(limits.maxQueuedTasks()), r -> {
          Thread t = new Thread(r, "lpos-grpc-" + number.incrementAndGet());
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
