package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.CallStreamObserver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.PersistedState;
import org.lpos.node.consensus.Ready;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/**
 * Arbitrary frames on a peer stream, from the wire to the consensus core: each input is a
 * sequence of {@code [u16 length][PeerEnvelope bytes]} frames fed to a real {@link
 * PeerConnection} of a real (unstarted) {@link PeerNetwork}; what the edge lets through (handshake
 * first, no unknown fields, within budget) is handed to a fresh {@link NodeCore} as events, as
 * the driver would. Nothing may throw: a throw in the core halts a node, so it would be a remote
 * kill. When the input's first byte is odd, the peer first completes an honest handshake (the
 * fuzzer cannot forge a proof over a fresh challenge), so the frames reach the core; bits 1-2 of
 * that byte pick the peer (member 1, 2 or 3).
 *
 * <p>The chain: four members with equal stake, four seats, the node under test is member 0: the
 * chain of {@code CoreCluster(4, 4)}, whose messages are the seeds ({@code FuzzSeedWriter}).
 */
class PeerStreamFuzzTest {
  static final String CHAIN_ID = "lpos-test";
  static final long T0 = 1_000_000;
  static final List<Member> MEMBERS = TestMembers.derive(7, 4);
  static final Block GENESIS = genesis();
  static final ByteString GENESIS_HASH = Blocks.hash(GENESIS);
  /** More frames than any seed holds; bounds the work of one input. */
  private static final int MAX_FRAMES = 64;
  private static final long STEP_MS = 50;
  /** Held so the level sticks: a refused stream logs at INFO, which would dominate the run time. */
  @SuppressWarnings("UnusedVariable")
  private static final Logger QUIET = quiet(Logger.getLogger("org.lpos"));

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void peerStream(byte[] input) {
    KeyPair self = MEMBERS.get(0).keys();
    int first = input.length == 0 ? 0 : input[0] & 0xff;
    KeyPair peer = MEMBERS.get(1 + ((first >> 1) & 3) % 3).keys();
    List<PeerMessage> admitted = new ArrayList<>();
    PeerNetwork network = new PeerNetwork(self, CHAIN_ID, GENESIS_HASH, 0, (from, m) -> {
      assertTrue(from.equals(peer.publicKey()), "only the authenticated key is a sender");
      admitted.add(m);
    }, ClientTls.off());
    try {
      RecordingStream out = new RecordingStream();
      PeerConnection connection = new PeerConnection(network, acceptor(self), PeerConnection.Direction.INBOUND,
          null, 100, network.limits(), network.inboundBytes(), "127.0.0.1");
      // As the server does for a stream without TLS.
      connection.bind(Optional.of(ChannelBinding.PLAINTEXT));
      connection.attach(out, true);
      ByteBuffer frames = ByteBuffer.wrap(input);
      if (frames.hasRemaining() && (frames.get() & 1) == 1) {
        handshakeHonestly(connection, out.hello(), peer);
        assertNotNull(connection.peerKey(), "an honest handshake authenticates");
      }
      for (int i = 0; i < MAX_FRAMES && frames.remaining() >= 2; i++) {
        int length = Math.min(frames.getShort() & 0xffff, frames.remaining());
        byte[] frame = new byte[length];
        frames.get(frame);
        try {
          // gRPC's marshaller parses the same way; a frame that does not parse ends the call there.
          connection.onNext(PeerEnvelope.parseFrom(frame));
        } catch (InvalidProtocolBufferException e) {
          break;
        }
      }
    } finally {
      network.close();
    }
    for (PeerMessage m : admitted) {
      assertFalse(UnknownFields.anyIn(m), "the edge let a message with unknown fields through");
      assertNotNull(MessageKind.of(m));
    }
    NodeCore core = new NodeCore(ConsensusConfig.defaults(), self, GENESIS, PersistedState.empty());
    long now = T0;
    core.start(now);
    for (PeerMessage m : admitted) {
      now += STEP_MS;
      checkBounded(core.handle(new Event.Received(now, peer.publicKey(), m)));
    }
    checkBounded(core.handle(new Event.Tick(now + 10_000)));
  }

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void handshake(byte[] input) {
    KeyPair self = MEMBERS.get(0).keys();
    ByteBuffer b = ByteBuffer.wrap(input);
    int helloLength = b.remaining() >= 2 ? Math.min(b.getShort() & 0xffff, b.remaining()) : 0;
    byte[] helloBytes = new byte[helloLength];
    b.get(helloBytes);
    byte[] proofBytes = new byte[b.remaining()];
    b.get(proofBytes);
    Hello hello;
    HelloProof proof;
    try {
      hello = Hello.parseFrom(helloBytes);
      proof = HelloProof.parseFrom(proofBytes);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    Handshake ours = acceptor(self);
    ours.bind(ChannelBinding.PLAINTEXT);
    Optional<String> refused = ours.receiveHello(hello);
    if (refused.isPresent()) {
      assertFalse(ours.verify(proof), "a refused Hello leaves nothing to verify");
      return;
    }
    assertNotNull(ours.proof());
    // Our challenge is fresh and secret until now: no proof made before it can verify.
    assertFalse(ours.verify(proof), "a proof that did not see our challenge verified");
    assertTrue(ours.receiveHello(hello).isPresent(), "a second Hello is refused");
  }

  /** Plays the peer's side of the handshake with its real key. */
  private static void handshakeHonestly(PeerConnection connection, Hello ours, KeyPair peer) {
    Handshake theirs = new Handshake(peer, CHAIN_ID, GENESIS_HASH, "127.0.0.1:2", HandshakeRole.HANDSHAKE_ROLE_DIALER,
        Optional.of(ours.getPublicKey()));
    theirs.bind(ChannelBinding.PLAINTEXT);
    assertTrue(theirs.receiveHello(ours).isEmpty());
    connection.onNext(PeerEnvelope.newBuilder().setHello(theirs.hello()).build());
    connection.onNext(PeerEnvelope.newBuilder().setProof(theirs.proof()).build());
  }

  /** The handshake of the node under test on a stream it accepted, as {@link PeerNetwork} builds it. */
  private static Handshake acceptor(KeyPair self) {
    return new Handshake(self, CHAIN_ID, GENESIS_HASH, "127.0.0.1:1", HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR,
        Optional.empty());
  }

  /** A step's output stays proportionate to one message: no step sends more than 16 MiB. */
  private static void checkBounded(Ready ready) {
    long bytes = 0;
    for (Outbound o : ready.messages()) {
      bytes += o.message().getSerializedSize();
    }
    long total = bytes;
    assertTrue(total <= 16L << 20, () -> "one step sends " + total + " bytes");
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  static Block genesis() {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : MEMBERS) {
      for (int i = 0; i < 4; i++) {
        allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
      }
    }
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(4)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    return GenesisBuilder.build(params, ByteString.copyFromUtf8("q0"), T0 - 1_000, allocations);
  }

  /** The server side of a stream, always ready, recording what the node sends. */
  static final class RecordingStream extends CallStreamObserver<PeerEnvelope> {
    final List<PeerEnvelope> sent = new ArrayList<>();

    Hello hello() {
      return sent.get(0).getHello();
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(PeerEnvelope value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
