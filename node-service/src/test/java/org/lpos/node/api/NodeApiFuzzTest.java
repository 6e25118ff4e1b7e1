package org.lpos.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.MemoryBlockArchive;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.PersistedState;
import org.lpos.node.consensus.Ready;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.PeerNetwork;
import org.lpos.node.runtime.DiscardingSink;
import org.lpos.node.runtime.DriverCapacity;
import org.lpos.node.runtime.Alarm;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetPeersRequest;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.WatchBlocksRequest;

/**
 * Arbitrary request bytes for every Node API call, handed straight to the service (as gRPC would
 * after parsing) over a real driver and core whose chain holds a few committed blocks. The input's
 * first byte picks the call ({@link #CALLS}, modulo), the rest is its request. The API reads blocks
 * from the fixture's archive and balances from an owner index of its tip, and runs its work on the
 * calling thread. Each call must answer with responses and completion, or with a status the API
 * documents (INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED); no exception may escape, and the
 * driver's loop must still be running.
 */
class NodeApiFuzzTest {
  static final List<String> CALLS = List.of(
      "GetStatus", "GetBlock", "WatchBlocks", "GetSenate", "GetBalance", "ListUtxos", "SubmitTransaction", "GetPeers");
  private static final Set<Status.Code> DOCUMENTED =
      Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.RESOURCE_EXHAUSTED);
  /** Longer than the API waits for the driver to take a submission ({@link NodeApi#SUBMIT_TIMEOUT_MS}). */
  private static final long ANSWER_WAIT_MS = NodeApi.SUBMIT_TIMEOUT_MS + 5_000;
  /** The API's work (submission answers, block replays) runs on the thread that hands it over. */
  private static final Executor DIRECT = Runnable::run;
  private static final String CHAIN_ID = "lpos-api-fuzz";
  private static final long T0 = 1_700_000_000_000L;
  private static final Member MEMBER = TestMembers.derive(11, 1).get(0);
  private static final Fixture FIXTURE = startDriver();
  private static final NodeDriver DRIVER = FIXTURE.driver();
  private static final PeerNetwork NETWORK = new PeerNetwork(
      MEMBER.keys(), CHAIN_ID, ByteString.copyFrom(new byte[32]), 0, (from, m) -> {}, ClientTls.off());

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anyRequest(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String call = CALLS.get(Math.floorMod(input[0], CALLS.size()));
    byte[] request = Arrays.copyOfRange(input, 1, input.length);
    ApiLimits limits = ApiLimits.defaults();
    BlockFeed feed = new BlockFeed(limits, FIXTURE.archive(), DIRECT);
    NodeApi api = new NodeApi(DRIVER, NETWORK, feed, FIXTURE.archive(), FIXTURE::owners, DIRECT, limits, "node-fuzz",
        MEMBER.keys().publicKey(), CHAIN_ID, () -> 0, new ChainCaches());
    Answer<?> answer = new Answer<>();
    try {
      switch (call) {
        case "GetStatus" -> api.getStatus(GetStatusRequest.parseFrom(request), cast(answer));
        case "GetBlock" -> api.getBlock(GetBlockRequest.parseFrom(request), cast(answer));
        case "WatchBlocks" -> api.watchBlocks(WatchBlocksRequest.parseFrom(request), cast(answer));
        case "GetSenate" -> api.getSenate(GetSenateRequest.parseFrom(request), cast(answer));
        case "GetBalance" -> api.getBalance(GetBalanceRequest.parseFrom(request), cast(answer));
        case "ListUtxos" -> api.listUtxos(ListUtxosRequest.parseFrom(request), cast(answer));
        case "SubmitTransaction" -> api.submitTransaction(SubmitTransactionRequest.parseFrom(request), cast(answer));
        case "GetPeers" -> api.getPeers(GetPeersRequest.parseFrom(request), cast(answer));
        default -> throw new IllegalStateException(call);
      }
    } catch (InvalidProtocolBufferException e) {
      feed.close();
      return;
    }
    if (!call.equals("WatchBlocks")) {
      // A submission is answered from the driver's thread once the driver took it.
      assertTrue(answer.awaitEnd(ANSWER_WAIT_MS), call + " neither answered nor failed");
    }
    feed.close();
    assertEquals(Optional.empty(), DRIVER.failure(), "a request stopped the driver");
    assertEquals(List.of(), answer.violations(), call + " broke the stream contract");
    if (answer.error != null) {
      StatusRuntimeException e = assertInstanceOf(StatusRuntimeException.class, answer.error);
      assertTrue(DOCUMENTED.contains(e.getStatus().getCode()), () -> call + " answered " + e.getStatus());
      assertTrue(answer.values.isEmpty() || call.equals("WatchBlocks"), "an error after a response");
    } else if (call.equals("WatchBlocks")) {
      assertTrue(answer.values.size() <= DRIVER.status().height(), "replays at most the committed blocks");
    } else {
      assertTrue(answer.completed, call + " neither answered nor failed");
      assertEquals(1, answer.values.size(), call + " is unary");
    }
  }

  /** Two nodes in one process: GetStatus reports the verifications of the node asked, not the process's. */
  @Test
  void getStatusReportsTheNodesOwnVerifications() {
    ChainCaches verifying = new ChainCaches();
    ApiLimits limits = ApiLimits.defaults();
    BlockFeed feed = new BlockFeed(limits, FIXTURE.archive(), DIRECT);
    try {
      NodeApi mine = new NodeApi(DRIVER, NETWORK, feed, FIXTURE.archive(), FIXTURE::owners, DIRECT, limits, "mine",
          MEMBER.keys().publicKey(), CHAIN_ID, () -> 0, verifying);
      NodeApi other = new NodeApi(DRIVER, NETWORK, feed, FIXTURE.archive(), FIXTURE::owners, DIRECT, limits, "other",
          MEMBER.keys().publicKey(), CHAIN_ID, () -> 0, new ChainCaches());
      byte[] message = {4, 2};
      assertTrue(verifying.signatures().verify(MEMBER.keys().publicKey(), message, MEMBER.keys().signRaw(message)));
      assertEquals(1, statusOf(mine).getSignatureVerifications());
      assertEquals(0, statusOf(other).getSignatureVerifications());
    } finally {
      feed.close();
    }
  }

  private static GetStatusResponse statusOf(NodeApi api) {
    Answer<GetStatusResponse> answer = new Answer<>();
    api.getStatus(GetStatusRequest.getDefaultInstance(), answer);
    assertTrue(answer.completed, "GetStatus answers on the calling thread");
    return answer.values.get(0);
  }

  @SuppressWarnings("unchecked")
  private static <T> ServerCallStreamObserver<T> cast(Answer<?> answer) {
    return (ServerCallStreamObserver<T>) answer;
  }

  /**
   * A one-member chain whose member holds the only seat: its core commits on its own, so a few
   * ticks give it blocks to serve. The driver's alarm never fires, so nothing moves afterwards.
   */
  private static Fixture startDriver() {
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(1).build();
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      allocations.add(new GenesisBuilder.Allocation(MEMBER.keys().publicKey(), 1_000 + i));
    }
    Block genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q"), T0, allocations);
    MemoryBlockArchive archive = new MemoryBlockArchive();
    NodeCore core = new NodeCore(ConsensusConfig.defaults(), MEMBER.keys(), genesis,
        new PersistedState(Optional.empty(), archive, Optional.empty()));
    long now = T0 + 1_000;
    core.start(now);
    for (int i = 0; i < 200 && core.status().height() < 4; i++) {
      now += 500;
      Ready ready = core.handle(new Event.Tick(now));
      archive.append(ready);
    }
    OwnerIndex owners = OwnerIndex.of(core.chain().utxos(), core.chain().tip().height());
    NodeDriver driver = new NodeDriver(core, new DiscardingSink(), () -> T0 + 1_000_000, new NeverAlarm(), DriverCapacity.defaults());
    driver.start();
    return new Fixture(driver, archive, owners);
  }

  /** The running driver, the archive its blocks are in, and the owner index of its tip. */
  private record Fixture(NodeDriver driver, MemoryBlockArchive archive, OwnerIndex owners) {}

  /** An alarm that never wakes the driver, so the chain stays where the fixture left it. */
  private static final class NeverAlarm implements Alarm {
    @Override
    public Future<?> schedule(Alarm.Doorbell wake, long delayMs) {
      return new CompletableFuture<Void>();
    }

    @Override
    public void close() {}
  }

  /**
   * What a call answered: values, then completion or an error. Answers may come from the driver's
   * thread, where a failed assertion would be lost, so contract breaches are recorded instead.
   */
  private static final class Answer<T> extends ServerCallStreamObserver<T> {
    final List<T> values = Collections.synchronizedList(new ArrayList<>());
    volatile boolean completed;
    volatile Throwable error;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public synchronized void onNext(T value) {
      if (completed || error != null) {
        violations.add("a value after the end of the call");
      }
      values.add(value);
    }

    @Override
    public synchronized void onError(Throwable t) {
      if (completed || error != null) {
        violations.add("two ends of one call");
      }
      error = t;
      ended.countDown();
    }

    @Override
    public synchronized void onCompleted() {
      if (completed || error != null) {
        violations.add("two ends of one call");
      }
      completed = true;
      ended.countDown();
    }

    /** Whether the call ended within {@code timeoutMs}. */
    boolean awaitEnd(long timeoutMs) {
      try {
        return ended.await(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    List<String> violations() {
      return List.copyOf(violations);
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

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
  }
}
