package org.lpos.discovery;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The remote address of the current call, without its port, which per-source limits are keyed
 * by: a client opening many connections from one host is one source. An interceptor puts it in
 * the call's context; in-process calls (tests) are one source named after their address.
 */
final class SourceAddress implements ServerInterceptor {
  private static final Context.Key<String> KEY = Context.key("lpos-discovery-source");

  /** The source of the call being handled ("unknown" outside a call). */
  static String current() {
    String source = KEY.get();
    return source == null ? "unknown" : source;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String source = remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : String.valueOf(remote);
    return Contexts.interceptCall(Context.current().withValue(KEY, source), call, headers, next);
  }
}
