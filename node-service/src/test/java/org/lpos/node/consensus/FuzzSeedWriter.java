package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.node.net.Handshake;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.WatchBlocksRequest;

/**
 * Writes the seed corpora of the peer stream, handshake and Node API fuzz tests from real
 * messages: a {@link CoreCluster} of four runs five heights, and what member 1 sent member 0 becomes
 * the frames of the seeds. Not part of the build; run it after a wire change with
 * {@code ./mvnw -pl node-service -am test -Dtest=FuzzSeedWriter -Dlpos.writeSeeds=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lpos.writeSeeds", matches = "true")
class FuzzSeedWriter {
  private static final Path RESOURCES = Path.of("src/test/resources/org/lpos/node");

  @Test
  void peerStreamAndHandshakeSeeds() throws IOException {
    CoreCluster cluster = new CoreCluster(4, 4);
    cluster.submit(1, cluster.payment(1, 2, 1_000, 0));
    long start = cluster.now;
    while (cluster.core(0).chain().tip().height() < 5 && cluster.now < start + 120_000) {
      cluster.advanceTo(cluster.now + 100);
    }
    Path stream = RESOURCES.resolve("net/PeerStreamFuzzTestInputs/peerStream");
    List<PeerMessage> fromPeer = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (CoreCluster.Envelope e : cluster.sent) {
      int sender = cluster.members.stream().map(m -> m.keys().publicKey()).toList().indexOf(e.from());
      if (sender < 1 || !e.to().equals(cluster.key(0))) {
        continue;
      }
      if (sender == 1) {
        fromPeer.add(e.message());
      }
      String kind = e.message().getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
      if (!kinds.contains(kind)) {
        kinds.add(kind);
        write(stream.resolve("honest_" + kind), honest(sender, List.of(e.message())));
      }
    }
    assertFalse(fromPeer.isEmpty());
    write(stream.resolve("honest_first_height"), honest(1, fromPeer.subList(0, Math.min(16, fromPeer.size()))));
    write(stream.resolve("honest_block_request"), honest(1, List.of(PeerMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setFromHeight(1).setCount(2)).build())));
    KeyPair peer = cluster.members.get(1).keys();
    // Only its Hello is used, which binds to no channel; the test's node accepts, so the peer dials.
    Handshake theirs = new Handshake(peer, CoreCluster.CHAIN_ID, Blocks.hash(cluster.genesis), "127.0.0.1:2",
        HandshakeRole.HANDSHAKE_ROLE_DIALER, Optional.of(cluster.key(0)));
    ByteArrayOutputStream unauthenticated = new ByteArrayOutputStream();
    unauthenticated.write(0);
    frame(unauthenticated, PeerEnvelope.newBuilder().setHello(theirs.hello()).build());
    frame(unauthenticated, PeerEnvelope.newBuilder().setMessage(fromPeer.get(0)).build());
    write(stream.resolve("message_before_proof"), unauthenticated.toByteArray());

    Path handshake = RESOURCES.resolve("net/PeerStreamFuzzTestInputs/handshake");
    byte[] hello = theirs.hello().toByteArray();
    write(handshake.resolve("valid_hello"), ByteBuffer.allocate(2 + hello.length + 66)
        .putShort((short) hello.length).put(hello).put(new byte[] {10, 64}).put(new byte[64]).array());
    byte[] otherChain = theirs.hello().toBuilder().setChainId("lpos-other").build().toByteArray();
    write(handshake.resolve("other_chain"),
        ByteBuffer.allocate(2 + otherChain.length).putShort((short) otherChain.length).put(otherChain).array());
  }

  @Test
  void nodeApiSeeds() throws IOException {
    Member member = TestMembers.derive(11, 1).get(0);
    Path dir = RESOURCES.resolve("api/NodeApiFuzzTestInputs/anyRequest");
    ByteString owner = member.keys().publicKey();
    write(dir.resolve("get_status"), call(0, ByteString.EMPTY.toByteArray()));
    write(dir.resolve("get_block_height"), call(1, GetBlockRequest.newBuilder().setHeight(1).build()));
    write(dir.resolve("get_block_hash"),
        call(1, GetBlockRequest.newBuilder().setHash(ByteString.copyFrom(new byte[32])).build()));
    write(dir.resolve("watch_blocks"), call(2, WatchBlocksRequest.newBuilder().setFromHeight(1).build()));
    write(dir.resolve("get_senate"), call(3, GetSenateRequest.newBuilder().setHeight(0).build()));
    write(dir.resolve("get_balance"), call(4, GetBalanceRequest.newBuilder().setOwner(owner).build()));
    write(dir.resolve("list_utxos"), call(5, ListUtxosRequest.newBuilder().setOwner(owner).setLimit(2).build()));
    Transaction tx = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder()
            .setTxId(ByteString.copyFrom(new byte[32])).setIndex(0)))
        .addOutputs(TxOutput.newBuilder().setValue(10).setLock(Scripts.standardLock(owner)))
        .build();
    write(dir.resolve("submit_transaction"), call(6, SubmitTransactionRequest.newBuilder()
        .setTransaction(Transactions.sign("lpos-api-fuzz", tx, List.of(member.keys()))).build()));
    write(dir.resolve("get_peers"), call(7, ByteString.EMPTY.toByteArray()));
  }

  private static byte[] call(int call, Message request) {
    return call(call, request.toByteArray());
  }

  private static byte[] call(int call, byte[] request) {
    return ByteBuffer.allocate(1 + request.length).put((byte) call).put(request).array();
  }

  /** A first byte asking for the honest handshake of member {@code sender}, then one frame per message. */
  private static byte[] honest(int sender, List<PeerMessage> messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1 | ((sender - 1) << 1));
    for (PeerMessage m : messages) {
      frame(out, PeerEnvelope.newBuilder().setMessage(m).build());
    }
    return out.toByteArray();
  }

  private static void frame(ByteArrayOutputStream out, PeerEnvelope envelope) throws IOException {
    byte[] bytes = envelope.toByteArray();
    assertEquals(bytes.length, bytes.length & 0xffff, "a seed frame fits a u16 length");
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xff);
    out.write(bytes);
  }

  private static void write(Path path, byte[] bytes) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
  }
}
