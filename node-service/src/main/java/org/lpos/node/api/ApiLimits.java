package org.lpos.node.api;

/**
 * The bounds on what Node API clients may hold in a node: threads, calls in flight, streams and
 * their buffers. Beyond any of them a call is answered RESOURCE_EXHAUSTED at once rather than
 * queued, so a flood of clients costs the node bounded memory and never delays consensus.
 *
 * @param threads threads serving gRPC calls (API and peers); a fixed pool instead of a thread per call
 * @param maxQueuedTasks tasks the pool may hold waiting; a backstop only, since the caps below keep
 *     the queue far shorter (gRPC resets a call whose task the pool refuses, see grpc-java#636)
 * @param maxCallsInFlight unary Node API calls being served at once, node-wide
 * @param maxSubmissionsInFlight SubmitTransaction calls waiting for the consensus thread
 * @param maxWatchers WatchBlocks streams open at once, node-wide
 * @param maxWatchersPerAddress WatchBlocks streams open at once from one remote IP address
 * @param watcherQueueBlocks committed blocks a watcher may have waiting before it is cancelled
 * @param watcherQueueBytes serialized bytes of those blocks a watcher may have waiting
 */
public record ApiLimits(
    int threads,
    int maxQueuedTasks,
    int maxCallsInFlight,
    int maxSubmissionsInFlight,
    int maxWatchers,
    int maxWatchersPerAddress,
    int watcherQueueBlocks,
    long watcherQueueBytes) {

  /** Default WatchBlocks streams per node. */
  public static final int DEFAULT_MAX_WATCHERS = 64;
  /** Default WatchBlocks streams per remote address. */
  public static final int DEFAULT_MAX_WATCHERS_PER_ADDRESS = 8;
  /** Default unary calls in flight per node. */
  public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 1_024;

  /** Validates the bounds. */
  public ApiLimits {
    if (threads < 1 || maxQueuedTasks < 1 || maxCallsInFlight < 1 || maxSubmissionsInFlight < 1 || maxWatchers < 0
        || maxWatchersPerAddress < 0 || watcherQueueBlocks < 1 || watcherQueueBytes < 1) {
      throw new IllegalArgumentException("API limits must be positive (watcher caps may be 0): " + this);
    }
  }

  /**
   * Two threads per core, at least four (handlers never block, so more threads only add
   * switching); 100,000 queued tasks; 1,024 unary calls and 1,000 submissions in flight (the
   * driver's own-work share is 20,000); 64 watchers, 8 per address; a watcher may fall 256 blocks
   * or 32 MiB behind (a few minutes of blocks at the measured rates).
   */
  public static ApiLimits defaults() {
    return new ApiLimits(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 100_000,
        DEFAULT_MAX_CALLS_IN_FLIGHT, 1_000, DEFAULT_MAX_WATCHERS, DEFAULT_MAX_WATCHERS_PER_ADDRESS, 256, 32L << 20);
  }

  /** These limits with other watcher caps (CLI flags, tests). */
  public ApiLimits withWatchers(int total, int perAddress) {
    return new ApiLimits(threads, maxQueuedTasks, maxCallsInFlight, maxSubmissionsInFlight, total, perAddress,
        watcherQueueBlocks, watcherQueueBytes);
  }

  /** These limits with another cap on unary calls in flight (CLI flag, tests). */
  public ApiLimits withCallsInFlight(int calls) {
    return new ApiLimits(threads, maxQueuedTasks, calls, maxSubmissionsInFlight, maxWatchers, maxWatchersPerAddress,
        watcherQueueBlocks, watcherQueueBytes);
  }

  /** These limits with another watcher queue (tests). */
  public ApiLimits withWatcherQueue(int blocks, long bytes) {
    return new ApiLimits(threads, maxQueuedTasks, maxCallsInFlight, maxSubmissionsInFlight, maxWatchers,
        maxWatchersPerAddress, blocks, bytes);
  }
}
