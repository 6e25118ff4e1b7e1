package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;

/**
 * A real node whose consensus step fails stops being a node: the driver halts, gRPC health turns
 * NOT_SERVING for every service name, and {@link LposNode#halted} completes so that the process
 * closes it and exits with a failure status. Before, the loop logged the failure and went on (an
 * exception) or died silently (an {@link Error}), leaving a node that answered as SERVING.
 */
class HaltedNodeTest {
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

    node.driver().query(core -> {
      throw new OutOfMemoryError("simulated");
    });

    assertInstanceOf(OutOfMemoryError.class, node.halted().get(10, TimeUnit.SECONDS));
    for (String service : LposNode.HEALTH_SERVICES) {
      assertEquals(ServingStatus.NOT_SERVING,
          health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(), service);
    }
  }
}
