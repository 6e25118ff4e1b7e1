package org.lpos.node.net;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hands a dialled peer stream the {@link ChannelBinding} of its TLS session once the server's
 * headers arrive: they come before the server's first frame, so the binding is known before the
 * handshake needs it. An empty value means the session had no certificates to bind to (or was
 * plaintext).
 */
public final class ChannelBindingCapture implements ClientInterceptor {
  private final Consumer<Optional<ChannelBinding>> sink;

  public ChannelBindingCapture(Consumer<Optional<ChannelBinding>> sink) {
    this.sink = sink;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        ClientCall<Q, R> call = this;
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onHeaders(Metadata received) {
            sink.accept(ChannelBinding.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
            super.onHeaders(received);
          }
        }, headers);
      }
    };
  }
}
