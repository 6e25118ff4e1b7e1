package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/** Every RPC of the Discovery service, plus health and reflection, over an in-process channel. */
class DiscoveryServiceTest {
  private static final InstructionPlan TX_RATE = InstructionPlan.parse("5", "tx-rate", "2.5");

  @TempDir Path outputDir;

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private DiscoveryService service;
  private DiscoveryServer server;
  private ManagedChannel channel;
  private DiscoveryGrpc.DiscoveryBlockingStub discovery;

  private void start(int expected, int preload, int fanOut, Optional<InstructionPlan> instruction)
      throws Exception {
    DiscoveryConfig config =
        Fixtures.config(expected, preload, fanOut, instruction, Optional.of(outputDir));
    DiscoveryJournal journal = DiscoveryJournal.open(
        config.outputDir(), Verbosity.QUIET, System.err, Clock.systemUTC());
    journal.started(config);
    service = DiscoveryService.create(config, Fixtures.members(preload), journal, clock::millis,
        System::currentTimeMillis, new Random(Fixtures.SEED));
    String name = InProcessServerBuilder.generateName();
    server = DiscoveryServer.start(
        InProcessServerBuilder.forName(name).directExecutor(), service, journal);
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    discovery = DiscoveryGrpc.newBlockingStub(channel);
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

  private RegisterResponse register(String name, int key) {
    return discovery.register(request(name, Fixtures.keyPair(key)));
  }

  private static RegisterRequest request(String name, KeyPair key) {
    return Fixtures.signed(key, "127.0.0.1:" + (7000 + name.length()), name, 1);
  }

  /** Claims a member for {@code name} and registers signed with its key. */
  private RegisterResponse claimAndRegister(String name) {
    int index = discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build())
        .getAssignment().getIndex();
    return discovery.register(request(name, Fixtures.memberKey(index)));
  }

  private static HeartbeatRequest heartbeat(RegisterResponse registered) {
    return HeartbeatRequest.newBuilder().setNodeId(registered.getNodeId())
        .setLeaseToken(registered.getLeaseToken()).build();
  }

  private static Set<String> names(List<PeerInfo> peers) {
    return peers.stream().map(PeerInfo::getNodeName).collect(Collectors.toSet());
  }

  private static Status.Code codeOf(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  @Test
  void registerReturnsIdSampleLeaseAndCounts() throws Exception {
    start(3, 0, 0, Optional.empty());
    RegisterResponse a = register("a", 1);
    RegisterResponse b = register("b", 2);

    assertEquals(32, a.getNodeId().length());
    assertEquals(List.of(), a.getPeersList());
    assertEquals(Set.of("a"), names(b.getPeersList()));
    assertEquals(Fixtures.keyPair(1).publicKey(), b.getPeers(0).getPublicKey());
    assertEquals(30, b.getLeaseSeconds());
    assertEquals(2, b.getRegistered());
    assertEquals(3, b.getExpected());
    assertFalse(b.hasAssignment());
    assertEquals(1, a.getRegistrationOrder());
    assertEquals(2, b.getRegistrationOrder());
    RegisterResponse renewed = register("a", 1);
    assertEquals(a.getNodeId(), renewed.getNodeId());
    assertEquals(1, renewed.getRegistrationOrder());
  }

  @Test
  void preloadingAssignsMemberIndicesUntilExhausted() throws Exception {
    start(2, 2, 0, Optional.empty());
    RegisterResponse x = claimAndRegister("x");
    RegisterResponse y = claimAndRegister("y");

    assertEquals(Fixtures.members(2).get(0), x.getAssignment());
    assertEquals(Fixtures.members(2).get(1), y.getAssignment());
    assertEquals(x.getAssignment().getPublicKey(), y.getPeers(0).getPublicKey());

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName("z").build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("preloaded members (-l 2) are taken"));
    assertEquals(x.getAssignment(), claimAndRegister("x").getAssignment());
  }

  @Test
  void membersGoToNodesInTheOrderTheyConnectEvenWhenTheyRegisterInAnotherOrder() throws Exception {
    start(3, 3, 0, Optional.of(TX_RATE));
    List<Integer> claimed = new ArrayList<>();
    for (String name : List.of("first", "second", "third")) {
      claimed.add(discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build())
          .getAssignment().getIndex());
    }
    assertEquals(List.of(0, 1, 2), claimed);
    // Registrations arrive in reverse order; nobody races for member 0, so nobody is ABORTED.
    for (String name : List.of("third", "second", "first")) {
      int index = claimed.get(List.of("first", "second", "third").indexOf(name));
      RegisterResponse registered = discovery.register(request(name, Fixtures.memberKey(index)));
      assertEquals(index, registered.getAssignment().getIndex());
    }
    assertEquals(0, service.rejected(Rejection.Kind.ABORTED));
  }

  @Test
  void theServiceReportsAMissedStartDeadlineOnItsClock() throws Exception {
    // With -l, bound names count towards M; without, live leases (which would lapse as the clock jumps).
    start(2, 2, 0, Optional.of(TX_RATE));
    assertEquals(Optional.empty(), service.startDeadlineMissed());
    claimAndRegister("early");
    clock.advance(Fixtures.START_DEADLINE_SECONDS * 1000L - 1);
    assertEquals(Optional.empty(), service.startDeadlineMissed());
    clock.advance(1);
    assertEquals(Optional.of("only 1 of 2 expected nodes (-m) registered within 120 s of the first"
        + " (--start-deadline-seconds); giving up the experiment"), service.startDeadlineMissed());
  }

  @Test
  void theStartDeadlineIsMetWhenMRegisterInTime() throws Exception {
    start(2, 2, 0, Optional.of(TX_RATE));
    claimAndRegister("early");
    clock.advance(Fixtures.START_DEADLINE_SECONDS * 1000L - 1);
    claimAndRegister("late");
    clock.advance(Fixtures.START_DEADLINE_SECONDS * 1000L);
    assertEquals(Optional.empty(), service.startDeadlineMissed());
  }

  @Test
  void anUnsignedOrForeignRegistrationIsRefusedAndTheNameStaysWithItsKey() throws Exception {
    start(1, 0, 0, Optional.empty());
    RegisterResponse alice = register("alice", 1);
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> discovery.register(RegisterRequest.newBuilder()
        .setNodeName("alice").setAddress("10.6.6.6:1").setPublicKey(Fixtures.keyPair(1).publicKey()).build())));
    RegisterRequest forged = request("alice", Fixtures.keyPair(1)).toBuilder().setAddress("10.6.6.6:1").build();
    assertEquals(Status.Code.UNAUTHENTICATED, codeOf(() -> discovery.register(forged)));
    StatusRuntimeException other = assertThrows(StatusRuntimeException.class,
        () -> discovery.register(request("alice", Fixtures.keyPair(2))));
    assertEquals(Status.Code.ALREADY_EXISTS, other.getStatus().getCode());
    assertTrue(other.getStatus().getDescription().startsWith("node_name 'alice' is held by another key"));
    StatusRuntimeException secondProcess = assertThrows(StatusRuntimeException.class, () -> discovery.register(
        Fixtures.signed(Fixtures.keyPair(1), "127.0.0.1:7005", "alice", 2)));
    assertEquals(Status.Code.ALREADY_EXISTS, secondProcess.getStatus().getCode());

    RegisterResponse bob = register("bob", 3);
    assertEquals(alice.getNodeId(), bob.getPeers(0).getNodeId());
    assertEquals("127.0.0.1:7005", bob.getPeers(0).getAddress());
    assertEquals(Fixtures.keyPair(1).publicKey(), bob.getPeers(0).getPublicKey());
    assertEquals(1, service.rejected(Rejection.Kind.UNAUTHENTICATED));
    assertEquals(2, service.rejected(Rejection.Kind.ALREADY_EXISTS));

    clock.advance(30_001);
    assertNotEquals(alice.getNodeId(), discovery.register(request("alice", Fixtures.keyPair(2))).getNodeId(),
        "once the lease ended the name is free for another key");
  }

  @Test
  void aSourceThatRegistersTooFastIsRefusedUntilItsBucketRefills() throws Exception {
    start(1, 0, 0, Optional.empty());
    int accepted = 0;
    for (int i = 0; i < 2 * DiscoveryLimits.DEFAULT_REGISTRATIONS_PER_SECOND; i++) {
      register("n" + i, i + 1);
      accepted++;
    }
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> register("late", 250));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("--registrations-per-second"));
    clock.advance(1_000);
    register("late", 250);
    assertEquals(2 * DiscoveryLimits.DEFAULT_REGISTRATIONS_PER_SECOND, accepted);
  }

  @Test
  void malformedRequestsAreInvalidArgumentAndTheServerKeepsServing() throws Exception {
    start(1, 0, 0, Optional.empty());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> discovery.register(Fixtures.signed(Fixtures.keyPair(1), "nowhere", "a", 1)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("address"), e.getMessage());
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> register("", 1)));
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> discovery.register(
        request("a", Fixtures.keyPair(1)).toBuilder().setPublicKey(ByteString.copyFromUtf8("short")).build())));
    assertEquals(Status.Code.INVALID_ARGUMENT,
        codeOf(() -> discovery.listPeers(ListPeersRequest.getDefaultInstance())));
    assertEquals(Status.Code.INVALID_ARGUMENT,
        codeOf(() -> discovery.heartbeat(HeartbeatRequest.getDefaultInstance())));
    Iterator<Instruction> watch =
        discovery.watchInstructions(WatchInstructionsRequest.getDefaultInstance());
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> assertTrue(watch.hasNext())));

    assertEquals(1, register("a", 1).getRegistered());
  }

  @Test
  void listPeersSamplesLivePeersAndRefusesUnknownNodes() throws Exception {
    start(1, 0, 2, Optional.empty());
    String id = register("a", 1).getNodeId();
    register("b", 2);
    register("c", 3);
    register("d", 4);

    List<PeerInfo> peers =
        discovery.listPeers(ListPeersRequest.newBuilder().setNodeId(id).build()).getPeersList();
    assertEquals(2, peers.size());
    assertFalse(names(peers).contains("a"));
    assertEquals(Status.Code.NOT_FOUND, codeOf(
        () -> discovery.listPeers(ListPeersRequest.newBuilder().setNodeId("ghost").build())));
  }

  @Test
  void heartbeatRenewsKnownNodesAndReportsLapsedOnes() throws Exception {
    start(1, 0, 0, Optional.empty());
    RegisterResponse a = register("a", 1);
    RegisterResponse b = register("b", 2);

    clock.advance(20_000);
    assertTrue(discovery.heartbeat(heartbeat(a)).getKnown());
    assertFalse(discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId(b.getNodeId()).build()).getKnown(),
        "a heartbeat without the lease token renews nothing");
    clock.advance(20_000);
    assertTrue(discovery.heartbeat(heartbeat(a)).getKnown());
    assertFalse(discovery.heartbeat(heartbeat(b)).getKnown());
    assertFalse(
        discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId("ghost").build()).getKnown());
    assertEquals(List.of(), discovery.listPeers(
        ListPeersRequest.newBuilder().setNodeId(a.getNodeId()).build()).getPeersList());
  }

  @Test
  void watchersGetTheInstructionWhenTheMthNodeRegistersAndLateWatchersAtOnce() throws Exception {
    start(3, 0, 0, Optional.of(TX_RATE));
    DiscoveryGrpc.DiscoveryStub async = DiscoveryGrpc.newStub(channel);
    RecordingObserver<Instruction> first = new RecordingObserver<>();
    RecordingObserver<Instruction> second = new RecordingObserver<>();
    async.watchInstructions(WatchInstructionsRequest.newBuilder().setNodeId("w1").build(), first);
    register("a", 1);
    async.watchInstructions(WatchInstructionsRequest.newBuilder().setNodeId("w2").build(), second);
    register("b", 2);
    register("b", 2);
    assertEquals(List.of(), first.values, "re-registering a name must not count twice");
    assertFalse(first.finished());

    register("c", 3);
    Instruction expected = TX_RATE.toProto();
    for (RecordingObserver<Instruction> watcher : List.of(first, second)) {
      watcher.awaitEnd();
      assertNull(watcher.error);
      assertEquals(List.of(expected), watcher.values);
    }

    Iterator<Instruction> late = discovery.watchInstructions(
        WatchInstructionsRequest.newBuilder().setNodeId("late").build());
    assertEquals(expected, late.next());
    assertFalse(late.hasNext(), "the stream completes after the instruction");

    register("d", 4);
    assertEquals(5, expected.getDelaySeconds());
    assertEquals(Experiment.EXPERIMENT_TX_RATE, expected.getExperiment());
    assertEquals(2.5, expected.getParam());
  }

  @Test
  void withoutAnInstructionStreamsStayOpenUntilShutdown() throws Exception {
    start(1, 0, 0, Optional.empty());
    RecordingObserver<Instruction> watcher = new RecordingObserver<>();
    DiscoveryGrpc.newStub(channel).watchInstructions(
        WatchInstructionsRequest.newBuilder().setNodeId("w").build(), watcher);
    register("a", 1);
    register("b", 2);
    assertFalse(watcher.finished());

    server.stop();
    watcher.awaitEnd();
    assertTrue(watcher.completed);
    assertEquals(List.of(), watcher.values);
  }

  @Test
  void aWatcherThatCancelsIsForgotten() throws Exception {
    start(1, 0, 0, Optional.empty());
    RecordingObserver<Instruction> watcher = new RecordingObserver<>();
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(() -> DiscoveryGrpc.newStub(channel).watchInstructions(
        WatchInstructionsRequest.newBuilder().setNodeId("w").build(), watcher));
    assertEquals(1, service.waitingWatchers());

    context.cancel(null);
    watcher.awaitEnd();
    Awaitility.await("the cancelled watcher gone").atMost(Duration.ofSeconds(10)).pollInSameThread()
        .until(() -> service.waitingWatchers() == 0);
  }

  @Test
  void healthIsServingForTheServerAndTheDiscoveryService() throws Exception {
    start(1, 0, 0, Optional.empty());
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    for (String service : List.of("", "lpos.v1.Discovery")) {
      assertEquals(ServingStatus.SERVING,
          health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
    }
  }

  @Test
  void reflectionListsTheDiscoveryAndHealthServices() throws Exception {
    start(1, 0, 0, Optional.empty());
    RecordingObserver<ServerReflectionResponse> responses = new RecordingObserver<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(responses);
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    responses.awaitEnd();

    assertNull(responses.error);
    Set<String> services = responses.values.get(0).getListServicesResponse().getServiceList()
        .stream().map(ServiceResponse::getName).collect(Collectors.toSet());
    assertTrue(services.containsAll(Set.of("lpos.v1.Discovery", "grpc.health.v1.Health")),
        services.toString());
  }

  @Test
  void theOutputDirectoryRecordsConfigRegistrationsAndTheInstruction() throws Exception {
    start(2, 2, 0, Optional.of(InstructionPlan.parse("0", "bootstrap-only", "0")));
    RegisterResponse a = claimAndRegister("a");
    claimAndRegister("bb");
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> discovery.register(
        RegisterRequest.newBuilder().setAddress("bad").setNodeName("c").build())));
    server.stop();

    List<String> csv = Files.readAllLines(outputDir.resolve(DiscoveryJournal.REGISTRATIONS_FILE));
    assertEquals(DiscoveryJournal.CSV_HEADER, csv.get(0));
    assertEquals(3, csv.size());
    String[] row = csv.get(1).split(",");
    assertEquals(List.of(a.getNodeId(), "a", "127.0.0.1:7001",
            HexFormat.of().formatHex(Fixtures.members(1).get(0).getPublicKey().toByteArray()), "0"),
        List.of(row).subList(1, 6));
    assertTrue(csv.get(2).endsWith(",1"), csv.get(2));

    String log = Files.readString(outputDir.resolve(DiscoveryJournal.LOG_FILE));
    assertTrue(log.contains("config n=4 t=1 m=2 l=2"), log);
    assertTrue(log.contains("instruction delay_seconds=0 experiment=bootstrap-only"), log);
    assertTrue(log.contains("rejected Register INVALID_ARGUMENT: address"), log);
    assertTrue(log.strip().endsWith("stopped"), log);
  }
}
