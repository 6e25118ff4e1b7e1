package org.lpos.node.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.proto.v1.NodeGrpc;

/**
 * Admits Node API calls: at most {@link ApiLimits#maxCallsInFlight} unary calls are served at
 * once and the rest are closed RESOURCE_EXHAUSTED before their handler runs (WatchBlocks streams
 * have their own caps in {@link BlockFeed}). It also tells handlers the caller's IP address,
 * which per-address caps need. The check is a counter, so a refused call costs one task on the
 * server's pool and no memory after it.
 */
final class ApiAdmission implements ServerInterceptor {
  /** The caller's IP address (null when the transport does not say, e.g. in-process). */
  static final Context.Key<InetAddress> REMOTE_ADDRESS = Context.key("lpos-remote-address");

  private final int maxCallsInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  ApiAdmission(int maxCallsInFlight) {
    this.maxCallsInFlight = maxCallsInFlight;
  }

  /** Unary calls refused because {@link ApiLimits#maxCallsInFlight} were being served. */
  long refused() {
    return refused.get();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(REMOTE_ADDRESS, address(call));
    if (call.getMethodDescriptor().getFullMethodName().equals(NodeGrpc.getWatchBlocksMethod().getFullMethodName())) {
      return Contexts.interceptCall(context, call, headers, next);
    }
    if (inFlight.incrementAndGet() > maxCallsInFlight) {
      inFlight.decrementAndGet();
      refused.incrementAndGet();
      call.close(Status.RESOURCE_EXHAUSTED.withDescription("the node is serving " + maxCallsInFlight
          + " API calls; try again shortly"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    };
    ServerCall.Listener<Q> listener;
    try {
      listener = Contexts.interceptCall(context, call, headers, next);
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
    // Every call ends in exactly one of onComplete and onCancel.
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }

      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }
    };
  }

  private static InetAddress address(ServerCall<?, ?> call) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
