package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.net.ServerTls;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.NodeGrpc;

/**
 * The in-process transport stands in for {@code --tls=off}: it refuses a TLS configuration (it
 * has no TLS session for the handshake to bind to, and the session check would refuse every
 * peer), its links say they are not TLS, and a node on it serves its in-process name, no port.
 */
class InProcessTransportTest {
  private final Member member = TestMembers.derive(3, 1).get(0);
  private final ChainFile chain = LoopbackNodes.chain("lpos-in-process", "q", 1, List.of(member), 1_000);
  private final InProcessTransport transport = new InProcessTransport("lpos-in-process-test-");

  private NodeConfig config(ServerTls tls) {
    return new NodeConfig("in-process", 0, "in-process", "n0", member.keys(), chain, 0, List.of(),
        ConsensusConfig.defaults(), null).withTls(tls, OptionalInt.empty());
  }

  @Test
  void refusesTlsAndDialsPlaintextLinks() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> transport.serverBuilder(config(ServerTls.ephemeral("n0"))));
    assertEquals("the in-process transport carries no TLS session: use ServerTls.off()", e.getMessage());
    assertFalse(transport.peerLinks(config(ServerTls.off())).tls());
  }

  @Test
  void aNodeServesItsNameWithoutAPort() throws Exception {
    try (LposNode node = LposNode.start(config(ServerTls.off()), transport)) {
      ManagedChannel channel = transport.channel("n0");
      try {
        assertEquals(-1, node.port());
        assertEquals(ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(member.keys().publicKey(),
            NodeGrpc.newBlockingStub(channel).getStatus(GetStatusRequest.getDefaultInstance()).getPublicKey());
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
