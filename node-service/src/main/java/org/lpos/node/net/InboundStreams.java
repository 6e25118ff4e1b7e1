package org.lpos.node.net;

import java.util.Map;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps on inbound peer streams: how many are open at once from everyone, and from one remote IP
 * address. A stream takes a slot before its handshake (a stranger's stream costs memory too) and
 * gives it back when it ends. Thread-safe.
 */
public final class InboundStreams {
  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<String, Integer> byAddress = new HashMap<>();
  private int open;
  private final AtomicLong refused = new AtomicLong();

  /** Caps of {@code maxTotal} streams, {@code maxPerAddress} from one address. */
  public InboundStreams(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a stream from {@code address}; false (and counted) if a cap is reached. */
  public synchronized boolean admit(String address) {
    int fromThere = byAddress.getOrDefault(address, 0);
    if (open >= maxTotal || fromThere >= maxPerAddress) {
      refused.incrementAndGet();
      return false;
    }
    open++;
    byAddress.put(address, fromThere + 1);
    return true;
  }

  /** Gives back the slot of a stream from {@code address} that ended. */
  public synchronized void release(String address) {
    Integer fromThere = byAddress.get(address);
    if (fromThere == null) {
      return;
    }
    open--;
    if (fromThere <= 1) {
      byAddress.remove(address);
    } else {
      byAddress.put(address, fromThere - 1);
    }
  }

  /** Inbound streams open now. */
  public synchronized int open() {
    return open;
  }

  /** Streams refused for a cap. */
  public long refused() {
    return refused.get();
  }

  private static final Context.Key<SocketAddress> CALLER_ADDRESS = Context.key("lpos-peer-caller-address");

  /** Puts each call's remote socket address where {@link #callerHost} finds it. */
  static ServerInterceptor callerAddressInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        Context context = Context.current()
            .withValue(CALLER_ADDRESS, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }

  /** The IP address of the current call's caller (inside a call intercepted as above). */
  static String callerHost() {
    SocketAddress address = CALLER_ADDRESS.get();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }
}
