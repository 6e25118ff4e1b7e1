package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.ClaimMemberResponse;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MembersFile;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * No discovery response carries a member's secret key: the server is started with -l over a
 * members file holding secrets (as data/members.json does), every RPC is called the way a node
 * and an attacker would, and the raw bytes of every response (and every error description) are
 * searched for each secret seed of the file.
 */
class DiscoverySecretsTest {
  private static final int MEMBERS = 4;
  private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  @TempDir Path dir;

  private final List<byte[]> responses = new ArrayList<>();
  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private DiscoveryServer server;
  private ManagedChannel channel;

  private List<ByteString> start() throws Exception {
    MembersFile.Builder file = MembersFile.newBuilder().setWarning("test keys");
    List<ByteString> secrets = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      KeyPair key = Fixtures.memberKey(i);
      file.addMembers(MemberKey.newBuilder().setIndex(i).setName("member-" + i)
          .setPublicKey(key.publicKey()).setSecretKey(key.secretSeed()));
      secrets.add(key.secretSeed());
    }
    Path members = Files.writeString(dir.resolve("members.json"), JsonFormat.printer().print(file));
    DiscoveryConfig config = Fixtures.config(2, MEMBERS, 0,
        Optional.of(InstructionPlan.parse("0", "bootstrap-only", "0")), Optional.empty());
    DiscoveryJournal journal = DiscoveryJournal.silent();
    DiscoveryService service = DiscoveryService.create(config, PreloadedMembers.load(members, MEMBERS),
        journal, clock::millis, System::currentTimeMillis, new Random(Fixtures.SEED));
    String name = InProcessServerBuilder.generateName();
    server = DiscoveryServer.start(InProcessServerBuilder.forName(name).directExecutor(), service, journal);
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return secrets;
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** Calls a unary method, keeping the raw response bytes (or the error's description). */
  private <Q extends Message> byte[] unary(MethodDescriptor<Q, ?> method, Q request) {
    MethodDescriptor<Q, byte[]> raw = method.toBuilder(method.getRequestMarshaller(), RAW).build();
    byte[] bytes;
    try {
      bytes = ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, request);
    } catch (StatusRuntimeException e) {
      bytes = String.valueOf(e.getStatus().getDescription()).getBytes(StandardCharsets.UTF_8);
    }
    responses.add(bytes);
    return bytes;
  }

  @Test
  void anAnonymousRegisterOfAPreloadedNameGetsNoSecret() throws Exception {
    List<ByteString> secrets = start();
    for (String name : List.of("node-0", "node-1")) {
      unary(DiscoveryGrpc.getRegisterMethod(),
          RegisterRequest.newBuilder().setNodeName(name).setAddress("10.6.6.6:1").build());
    }
    assertNoSecretIn(secrets);
  }

  @Test
  void noResponseOfTheWholeNodeFlowCarriesASecret() throws Exception {
    List<ByteString> secrets = start();
    List<RegisterResponse> registered = new ArrayList<>();
    for (String name : List.of("node-0", "node-1", "node-2")) {
      byte[] claim = unary(DiscoveryGrpc.getClaimMemberMethod(),
          ClaimMemberRequest.newBuilder().setNodeName(name).build());
      int index = ClaimMemberResponse.parseFrom(claim).getAssignment().getIndex();
      byte[] response = unary(DiscoveryGrpc.getRegisterMethod(),
          Fixtures.signed(Fixtures.memberKey(index), "127.0.0.1:" + (9000 + index), name, index));
      registered.add(RegisterResponse.parseFrom(response));
      // An attacker's takeovers: the same name from another key, unsigned, and another process.
      unary(DiscoveryGrpc.getRegisterMethod(), Fixtures.signed(Fixtures.keyPair(66), "10.6.6.6:1", name, 66));
      unary(DiscoveryGrpc.getRegisterMethod(),
          RegisterRequest.newBuilder().setNodeName(name).setAddress("10.6.6.6:1").build());
      unary(DiscoveryGrpc.getRegisterMethod(),
          Fixtures.signed(Fixtures.memberKey(index), "10.6.6.6:1", name, 99));
    }
    unary(DiscoveryGrpc.getClaimMemberMethod(), ClaimMemberRequest.newBuilder().setNodeName("node-3").build());
    unary(DiscoveryGrpc.getClaimMemberMethod(), ClaimMemberRequest.newBuilder().setNodeName("node-4").build());
    for (RegisterResponse r : registered) {
      assertEquals(registered.indexOf(r), r.getAssignment().getIndex());
      unary(DiscoveryGrpc.getListPeersMethod(), ListPeersRequest.newBuilder().setNodeId(r.getNodeId()).build());
      unary(DiscoveryGrpc.getHeartbeatMethod(), HeartbeatRequest.newBuilder().setNodeId(r.getNodeId())
          .setLeaseToken(r.getLeaseToken()).build());
    }
    MethodDescriptor<WatchInstructionsRequest, byte[]> watch = DiscoveryGrpc.getWatchInstructionsMethod()
        .toBuilder(DiscoveryGrpc.getWatchInstructionsMethod().getRequestMarshaller(), RAW).build();
    Iterator<byte[]> instructions = ClientCalls.blockingServerStreamingCall(channel, watch,
        CallOptions.DEFAULT, WatchInstructionsRequest.newBuilder().setNodeId("w").build());
    instructions.forEachRemaining(responses::add);

    assertTrue(responses.size() >= 20, "responses searched: " + responses.size());
    assertNoSecretIn(secrets);
    for (RegisterResponse r : registered) {
      assertEquals(Fixtures.memberKey(r.getAssignment().getIndex()).publicKey(), r.getAssignment().getPublicKey());
    }
  }

  private void assertNoSecretIn(List<ByteString> secrets) {
    for (byte[] response : responses) {
      for (ByteString secret : secrets) {
        assertFalse(contains(response, secret.toByteArray()),
            "a discovery response holds a member's secret key: " + ByteString.copyFrom(response));
        // Nor as text (base64 or hex in an error message).
        String text = new String(response, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(secret.toByteArray())));
        assertFalse(text.contains(HexFormat.of().formatHex(secret.toByteArray())));
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
