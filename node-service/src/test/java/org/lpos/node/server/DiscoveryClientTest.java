package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;

/** A node started before its discovery service registers once the service comes up. */
class DiscoveryClientTest {
  @Test
  void registrationWaitsForADiscoveryServiceThatStartsLater() throws Exception {
    int port = freePort();
    ManagedChannel channel = NodeChannels.open("127.0.0.1", port, ClientTls.off());
    try (DiscoveryClient client = new DiscoveryClient(channel)) {
      CompletableFuture<RegisterResponse> registered = CompletableFuture.supplyAsync(
          () -> client.register(ByteString.copyFromUtf8("key"), "127.0.0.1:1", "node-a"));
      // Let the pending call meet the closed port first: a client that did not wait would fail now.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
        assertTrue(System.nanoTime() < deadline, "the channel never tried the closed port");
        Thread.onSpinWait();
      }
      assertFalse(registered.isDone(), "registration gave up while discovery was down");
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .addService(new DiscoveryGrpc.DiscoveryImplBase() {
            @Override
            public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
              out.onNext(RegisterResponse.newBuilder().setNodeId("id-" + request.getNodeName()).build());
              out.onCompleted();
            }
          })
          .build().start();
      try {
        assertEquals("id-node-a", registered.get(DiscoveryClient.REGISTER_WAIT_SECONDS, TimeUnit.SECONDS).getNodeId());
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
