package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
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
    service = DiscoveryService.create(
        config, Fixtures.members(preload), journal, clock::millis, new Random(Fixtures.SEED));
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
    return discovery.register(request(name, Fixtures.key(key)));
  }

  private static RegisterRequest request(String name, ByteString key) {
    return RegisterRequest.newBuilder()
        .setNodeName(name).setAddress("127.0.0.1:" + (7000 + name.length())).setPublicKey(key)
        .build();
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
    assertEquals(Fixtures.key(1), b.getPeers(0).getPublicKey());
    assertEquals(30, b.getLeaseSeconds());
    assertEquals(2, b.getRegistered());
    assertEquals(3, b.getExpected());
    assertFalse(b.hasMember());
    assertEquals(a.getNodeId(), register("a", 1).getNodeId());
  }

  @Test
  void registerHandsOutPreloadedMembersUntilExhausted() throws Exception {
    start(2, 2, 0, Optional.empty());
    RegisterResponse x = discovery.register(request("x", ByteString.EMPTY));
    RegisterResponse y = discovery.register(request("y", ByteString.EMPTY));

    assertEquals(Fixtures.members(2).get(0), x.getMember());
    assertEquals(Fixtures.members(2).get(1), y.getMember());
    assertEquals(x.getMember().getPublicKey(), y.getPeers(0).getPublicKey());

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> discovery.register(request("z", ByteString.EMPTY)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("preloaded members (-l 2) are taken"));
    assertEquals(x.getMember(), discovery.register(request("x", ByteString.EMPTY)).getMember());
  }

  @Test
  void malformedRequestsAreInvalidArgumentAndTheServerKeepsServing() throws Exception {
    start(1, 0, 0, Optional.empty());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> discovery.register(RegisterRequest.newBuilder()
            .setNodeName("a").setAddress("nowhere").setPublicKey(Fixtures.key(1)).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("address"), e.getMessage());
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> register("", 1)));
    assertEquals(Status.Code.INVALID_ARGUMENT,
        codeOf(() -> discovery.register(request("a", ByteString.copyFromUtf8("short")))));
    assertEquals(Status.Code.INVALID_ARGUMENT,
        codeOf(() -> discovery.listPeers(ListPeersRequest.getDefaultInstance())));
    assertEquals(Status.Code.INVALID_ARGUMENT,
        codeOf(() -> discovery.heartbeat(HeartbeatRequest.getDefaultInstance())));
    Iterator<Instruction> watch =
        discovery.watchInstructions(WatchInstructionsRequest.getDefaultInstance());
    assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(watch::hasNext));

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
    String a = register("a", 1).getNodeId();
    String b = register("b", 2).getNodeId();

    clock.advance(20_000);
    assertTrue(discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId(a).build()).getKnown());
    clock.advance(20_000);
    assertTrue(discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId(a).build()).getKnown());
    assertFalse(discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId(b).build()).getKnown());
    assertFalse(
        discovery.heartbeat(HeartbeatRequest.newBuilder().setNodeId("ghost").build()).getKnown());
    assertEquals(List.of(),
        discovery.listPeers(ListPeersRequest.newBuilder().setNodeId(a).build()).getPeersList());
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
    assertEquals("tx-rate", expected.getExperiment());
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.waitingWatchers() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, service.waitingWatchers());
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
    RegisterResponse a = discovery.register(request("a", ByteString.EMPTY));
    discovery.register(request("bb", ByteString.EMPTY));
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
