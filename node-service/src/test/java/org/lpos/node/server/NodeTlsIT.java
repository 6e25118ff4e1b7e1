package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.lab.attack.RawPeerStream;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.node.net.ServerTls;
import org.lpos.node.net.TlsIdentity;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.NodeGrpc;

/**
 * A node's port over TLS, in this JVM: plaintext clients get nowhere, a Peer stream without a
 * client certificate is refused, {@code --api-client-ca} guards the Node API but not peers,
 * {@code --cacert} verifies the node, and the plaintext health port serves health alone.
 */
class NodeTlsIT {
  private static final String CHAIN_ID = "lpos-tls";
  private final List<Member> members = TestMembers.derive(41, 2);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private final ChainFile chain = LoopbackNodes.chain(CHAIN_ID, "t", 2, members, 250_000);
  @TempDir Path dir;

  @AfterEach
  void close() {
    loopback.close();
  }

  private static NodeGrpc.NodeBlockingStub api(ManagedChannel channel) {
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void aPlaintextClientCannotCallGetStatusButATlsClientCan() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> api(loopback.channel(node, ClientTls.off())).getStatus(GetStatusRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertEquals(0, api(loopback.channel(node)).getStatus(GetStatusRequest.getDefaultInstance()).getHeight() - 1);
  }

  @Test
  void aPeerStreamWithoutAClientCertificateIsRefused() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    ManagedChannel noClientCertificate = Grpc.newChannelBuilderForAddress("127.0.0.1", node.port(),
        TlsChannelCredentials.newBuilder().trustManager(InsecureTrustManagerFactory.INSTANCE.getTrustManagers())
            .build()).build();
    try {
      RawPeerStream stream = new RawPeerStream(noClientCertificate);
      Status closed = stream.closedWithin(10_000).orElseThrow();
      assertEquals(Status.Code.UNAUTHENTICATED, closed.getCode(), closed.toString());
      assertEquals(0, api(noClientCertificate).getStatus(GetStatusRequest.getDefaultInstance()).getHeight() - 1,
          "the Node API needs no client certificate by default");
    } finally {
      noClientCertificate.shutdownNow();
    }
  }

  @Test
  void anApiClientCaGuardsTheNodeApiButNotPeers() throws Exception {
    TlsIdentity ca = TlsIdentity.ephemeral("api-ca");
    ServerTls tls = new ServerTls(true, TlsIdentity.ephemeral("n0"), Optional.of(ca.leaf()));
    LposNode guarded = loopback.start(members.get(0), chain, tls, OptionalInt.empty());

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> api(loopback.channel(guarded)).getStatus(GetStatusRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
    assertEquals(1, api(loopback.channel(guarded, ClientTls.acceptingAnyServer(ca)))
        .getStatus(GetStatusRequest.getDefaultInstance()).getHeight());

    LposNode peer = loopback.start(members.get(1), chain);
    peer.network().connect("127.0.0.1:" + guarded.port());
    await("a peer without the API CA connected", 20, () -> guarded.network().connected().size() == 1);
  }

  @Test
  void aClientWithCacertVerifiesTheNodesCertificate() throws Exception {
    TlsIdentity served = TlsIdentity.ephemeral("served");
    Path cert = Files.write(dir.resolve("node.pem"), served.certificateChainPem());
    Path other = Files.write(dir.resolve("other.pem"), TlsIdentity.ephemeral("other").certificateChainPem());
    LposNode node = loopback.start(members.get(0), chain, new ServerTls(true, served, Optional.empty()),
        OptionalInt.empty());

    assertEquals(1, api(loopback.channel(node, ClientTls.verifyingWith(cert)))
        .getStatus(GetStatusRequest.getDefaultInstance()).getHeight());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> api(loopback.channel(node, ClientTls.verifyingWith(other))).getStatus(GetStatusRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
  }

  @Test
  void theHealthPortServesHealthAloneInPlaintext() throws Exception {
    LposNode node = loopback.start(members.get(0), chain, ServerTls.ephemeral("n0"), OptionalInt.of(0));
    assertTrue(node.healthPort() > 0);
    ManagedChannel health = NodeChannels.open("127.0.0.1", node.healthPort(), ClientTls.off());
    try {
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(health).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus());
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> api(health).getStatus(GetStatusRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    } finally {
      health.shutdownNow();
    }
  }
}
