package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.Iterator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/** The server over real Netty on a loopback ephemeral port, as nodes reach it. */
class DiscoveryServerNettyIT {

  @Test
  void nodesRegisterAndReceiveTheInstructionOverTcp() throws Exception {
    InstructionPlan plan = InstructionPlan.parse("2", "tx-n-outputs", "3");
    DiscoveryConfig config = Fixtures.config(2, 2, 0, Optional.of(plan), Optional.empty());
    DiscoveryJournal journal = DiscoveryJournal.silent();
    DiscoveryService service = DiscoveryService.create(config, Fixtures.members(2), journal,
        () -> System.nanoTime() / 1_000_000, System::currentTimeMillis, new Random(Fixtures.SEED));
    DiscoveryServer server =
        DiscoveryServer.start(DiscoveryServer.nettyBuilder("127.0.0.1", 0), service, journal);
    ManagedChannel channel = null;
    try {
      assertTrue(server.port() > 0, "an ephemeral port was chosen");
      channel = Grpc.newChannelBuilderForAddress(
          "127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
      DiscoveryGrpc.DiscoveryBlockingStub discovery = DiscoveryGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS);

      assertEquals(0, claim(discovery, "node-0"));
      RegisterResponse first = discovery.register(
          Fixtures.signed(Fixtures.memberKey(0), "127.0.0.1:9000", "node-0", 1));
      Iterator<Instruction> watch = discovery.watchInstructions(
          WatchInstructionsRequest.newBuilder().setNodeId(first.getNodeId()).build());
      assertEquals(1, claim(discovery, "node-1"));
      RegisterResponse second = discovery.register(
          Fixtures.signed(Fixtures.memberKey(1), "127.0.0.1:9001", "node-1", 2));

      assertEquals(0, first.getAssignment().getIndex());
      assertEquals(1, second.getAssignment().getIndex());
      assertEquals("node-0", second.getPeers(0).getNodeName());
      assertEquals(plan.toProto(), watch.next());
      assertFalse(watch.hasNext());
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("lpos.v1.Discovery").build())
          .getStatus());
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      server.stop();
    }
    assertTrue(server.awaitTermination(0), "stop() returns only once the server has terminated");
  }

  private static int claim(DiscoveryGrpc.DiscoveryBlockingStub discovery, String name) {
    return discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build())
        .getAssignment().getIndex();
  }
}
