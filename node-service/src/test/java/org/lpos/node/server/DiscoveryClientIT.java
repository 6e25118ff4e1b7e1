package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import org.lpos.lab.cli.LoopbackPorts;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lpos.discovery.DiscoveryConfig;
import org.lpos.discovery.DiscoveryJournal;
import org.lpos.discovery.DiscoveryLimits;
import org.lpos.discovery.DiscoveryServer;
import org.lpos.discovery.DiscoveryService;
import org.lpos.discovery.ExperimentSize;
import org.lpos.discovery.Verbosity;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;

/**
 * A node started before its discovery service registers once the service comes up; against a
 * real preloading discovery service (in-process), a node that lost the race for a member claims
 * again, and a second process under a live name is refused.
 */
class DiscoveryClientIT {
  private static final List<KeyPair> MEMBER_KEYS = List.of(KeyPair.fromSeed(filled(1)), KeyPair.fromSeed(filled(2)));

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }

  /** An in-process discovery with -l 2 over MEMBER_KEYS (public keys only), and its channel name. */
  private static DiscoveryServer preloadingDiscovery(String name) throws IOException {
    List<MemberAssignment> members = new ArrayList<>();
    for (int i = 0; i < MEMBER_KEYS.size(); i++) {
      members.add(MemberAssignment.newBuilder().setIndex(i).setName("member-" + i)
          .setPublicKey(MEMBER_KEYS.get(i).publicKey()).build());
    }
    DiscoveryConfig config = new DiscoveryConfig("127.0.0.1", 0, Optional.of(new ExperimentSize(4, 1, 2)), 2,
        Path.of("members.json"), 0, 30, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120,
        Verbosity.QUIET, DiscoveryLimits.defaults());
    DiscoveryJournal journal = DiscoveryJournal.silent();
    DiscoveryService service = DiscoveryService.create(config, members, journal,
        () -> System.nanoTime() / 1_000_000, System::currentTimeMillis, new Random(7));
    return DiscoveryServer.start(InProcessServerBuilder.forName(name).directExecutor(), service, journal);
  }

  @Test
  void aNodeThatLostTheRaceForAMemberClaimsAgainAndASecondProcessIsRefused() throws Exception {
    String name = InProcessServerBuilder.generateName();
    DiscoveryServer server = preloadingDiscovery(name);
    try (DiscoveryClient a = new DiscoveryClient(InProcessChannelBuilder.forName(name).directExecutor().build());
        DiscoveryClient b = new DiscoveryClient(InProcessChannelBuilder.forName(name).directExecutor().build());
        DiscoveryClient aAgain = new DiscoveryClient(InProcessChannelBuilder.forName(name).directExecutor().build())) {
      List<Integer> claimedByB = new ArrayList<>();
      DiscoveryClient.Registration registeredB = b.registerAsMember(assigned -> {
        claimedByB.add(assigned.getIndex());
        if (claimedByB.size() == 1) {
          // Between b's claim and b's registration, a registers with member 0's key of its own (as
          // a node given --member-index 0 does), which binds member 0 to "a".
          assertDoesNotThrow(() -> a.register(MEMBER_KEYS.get(0), "127.0.0.1:1", "a", Duration.ZERO));
        }
        return MEMBER_KEYS.get(assigned.getIndex());
      }, "127.0.0.1:2", "b", Duration.ZERO);
      assertEquals(List.of(0, 1), claimedByB);
      assertEquals(MEMBER_KEYS.get(1).publicKey(), registeredB.key().publicKey());
      assertEquals(1, registeredB.response().getAssignment().getIndex());

      long started = System.nanoTime();
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> aAgain.registerAsMember(
          m -> MEMBER_KEYS.get(m.getIndex()), "127.0.0.1:3", "a", Duration.ofSeconds(1)));
      assertEquals(Status.Code.ALREADY_EXISTS, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().contains("held by another process with the same key"),
          refused.getStatus().getDescription());
      assertTrue(System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(1), "it asked again for --name-wait");
    } finally {
      server.stop();
    }
  }

  @Test
  void registrationWaitsForADiscoveryServiceThatStartsLater() throws Exception {
    int port = freePort();
    ManagedChannel channel = NodeChannels.open("127.0.0.1", port, ClientTls.off());
    try (DiscoveryClient client = new DiscoveryClient(channel)) {
      CompletableFuture<RegisterResponse> registered = CompletableFuture.supplyAsync(
          () -> client.register(KeyPair.fromSeed(new byte[32]), "127.0.0.1:1", "node-a"));
      // Let the pending call meet the closed port first: a client that did not wait would fail now.
      await("the channel trying the closed port", 10,
          () -> channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE);
      assertFalse(registered.isDone(), "registration gave up while discovery was down");
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
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
    return new LoopbackPorts().next();
  }
}
