package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.ChainFile;

/**
 * A real node whose consensus step fails stops being a node: the driver halts, gRPC health turns
 * NOT_SERVING for every service name, and {@link LposNode#halted} completes so that the process
 * closes it and exits with a failure status. Before, the loop logged the failure and went on (an
 * exception) or died silently (an {@link Error}), leaving a node that answered as SERVING. A
 * failure outside the steps fails the node the same way: the reporter that rewrites the
 * communication report used to stop silently when its write failed.
 */
class HaltedNodeIT {
  private final List<Member> members = TestMembers.derive(41, 1);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private final ChainFile chain = LoopbackNodes.chain("lpos-halted", "h", 1, members, 250_000);

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void aFailedStepTurnsHealthNotServing() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    var health = HealthGrpc.newBlockingStub(loopback.channel(node));
    assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());

    // A listener runs inside the step that commits, so its Error is the step's.
    node.onCommit(block -> {
      throw new OutOfMemoryError("simulated");
    });
    // A solo senator commits in the step that takes the payment, so that step fails.
    node.driver().submitTransaction(SoloPayments.selfPayment(node, "lpos-halted", members.get(0)));

    assertInstanceOf(OutOfMemoryError.class, node.halted().get(10, TimeUnit.SECONDS));
    for (String service : node.healthServices()) {
      assertEquals(ServingStatus.NOT_SERVING,
          health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(), service);
    }
  }

  @Test
  void aFailedReportWriteTurnsHealthNotServing(@TempDir Path out) throws Exception {
    LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "n0", members.get(0).keys(), chain, 0,
        List.of(), ConsensusConfig.defaults(), out.resolve("n0")));
    try {
      var health = HealthGrpc.newBlockingStub(loopback.channel(node));
      assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
      // The next periodic report (every 5 s) cannot write its file.
      try (Stream<Path> files = Files.walk(out.resolve("n0"))) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }

      assertInstanceOf(UncheckedIOException.class, node.halted().get(20, TimeUnit.SECONDS));
      assertEquals(ServingStatus.NOT_SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    } finally {
      node.close();
    }
  }
}
