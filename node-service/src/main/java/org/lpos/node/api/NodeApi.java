package org.lpos.node.api;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.Signatures;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.senate.Senate;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.net.PeerConnection;
import org.lpos.node.net.PeerNetwork;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ConnectedPeer;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetBlockResponse;
import org.lpos.proto.v1.GetPeersRequest;
import org.lpos.proto.v1.GetPeersResponse;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetSenateResponse;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.ListUtxosResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SenateSeat;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.SubmitTransactionResponse;
import org.lpos.proto.v1.Utxo;
import org.lpos.proto.v1.WatchBlocksRequest;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * The Node service for people and tools. No call waits for the consensus thread: status and the
 * senate come from the snapshot the driver publishes after each step, blocks from the block
 * archive (safe to read from any thread), balances and outputs from the {@link OwnerIndex} the
 * driver publishes after each commit, so every answer is consistent with one height. Only
 * SubmitTransaction goes through the driver (it changes the pool), and its answer is sent when
 * the driver's future completes, on the API's threads, with a bound on submissions in flight.
 * Malformed requests get INVALID_ARGUMENT with a message and change nothing.
 */
public final class NodeApi extends NodeGrpc.NodeImplBase {
  /** How long a submission may wait for the consensus thread before the call gives up. */
  static final long SUBMIT_TIMEOUT_MS = 5_000;
  /** Outputs ListUtxos returns when the request gives no limit. */
  static final int DEFAULT_UTXO_LIMIT = 1_000;
  /** Most outputs ListUtxos returns, whatever the request asks (about 0.6 MB of response). */
  static final int MAX_UTXO_LIMIT = 10_000;

  private final NodeDriver driver;
  private final PeerNetwork network;
  private final BlockFeed feed;
  private final BlockArchive archive;
  private final Supplier<OwnerIndex> owners;
  private final Executor executor;
  private final ApiLimits limits;
  private final AtomicInteger submissionsInFlight = new AtomicInteger();
  private final AtomicLong refusedSubmissions = new AtomicLong();
  private final ApiAdmission admission;
  private final String nodeId;
  private final ByteString publicKey;
  private final String chainId;
  private final LongSupplier transactionsCommitted;
  private final ChainCaches caches;

  /**
   * The service over one node: {@code archive} and {@code owners} are read from the API's threads,
   * {@code executor} answers submissions; {@code caches} are the node's own (its transaction ids and
   * its count of signature verifications, which GetStatus reports).
   */
  public NodeApi(NodeDriver driver, PeerNetwork network, BlockFeed feed, BlockArchive archive,
      Supplier<OwnerIndex> owners, Executor executor, ApiLimits limits, String nodeId, ByteString publicKey,
      String chainId, LongSupplier transactionsCommitted, ChainCaches caches) {
    this.transactionsCommitted = transactionsCommitted;
    this.caches = caches;
    this.driver = driver;
    this.network = network;
    this.feed = feed;
    this.archive = archive;
    this.owners = owners;
    this.executor = executor;
    this.limits = limits;
    this.admission = new ApiAdmission(limits.maxCallsInFlight());
    this.nodeId = nodeId;
    this.publicKey = publicKey;
    this.chainId = chainId;
  }

  /** This service behind its admission control (calls in flight, the caller's address). */
  public ServerServiceDefinition admitted() {
    return ServerInterceptors.intercept(this, admission);
  }

  /** Unary calls refused because {@link ApiLimits#maxCallsInFlight} were being served. */
  public long refusedCalls() {
    return admission.refused();
  }

  /** Submissions refused because {@link ApiLimits#maxSubmissionsInFlight} were waiting. */
  public long refusedSubmissions() {
    return refusedSubmissions.get();
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
    NodeStatus s = driver.status();
    String role = s.seats() == 0 ? "follower" : s.proposer() ? "proposer" : "senator";
    respond(out, () -> GetStatusResponse.newBuilder()
        .setNodeId(nodeId).setPublicKey(publicKey).setChainId(chainId)
        .setHeight(s.height()).setLastBlockHash(s.lastBlockHash()).setRound(s.round()).setStep(s.step().name())
        .setRole(role).setSenateSeats(s.seats()).setPeers(network.connected().size())
        .setCatchingUp(s.catchingUp()).setPoolSize(s.poolSize())
        .setTransactionsCommitted(transactionsCommitted.getAsLong())
        .setSignatureVerifications(caches.signatures().verificationsPerformed()).build());
  }

  @Override
  public void getBlock(GetBlockRequest request, StreamObserver<GetBlockResponse> out) {
    if (request.getSelectorCase() == GetBlockRequest.SelectorCase.SELECTOR_NOT_SET) {
      invalid(out, "give a height or a hash");
      return;
    }
    if (request.hasHash() && request.getHash().size() != 32) {
      invalid(out, "hash must be 32 bytes");
      return;
    }
    Optional<CertifiedBlock> found;
    try {
      if (request.hasHeight()) {
        found = request.getHeight() >= 1 ? archive.block(request.getHeight()) : Optional.empty();
      } else {
        OptionalLong h = archive.heightOf(request.getHash());
        found = h.isPresent() ? archive.block(h.getAsLong()) : Optional.empty();
      }
    } catch (RuntimeException e) {
      out.onError(Status.UNAVAILABLE.withDescription("cannot read the block archive: " + e.getMessage())
          .asRuntimeException());
      return;
    }
    if (found.isEmpty()) {
      out.onError(Status.NOT_FOUND.withDescription("no committed block " + describe(request)).asRuntimeException());
      return;
    }
    out.onNext(GetBlockResponse.newBuilder().setBlock(found.get()).setHash(Blocks.hash(found.get().getBlock())).build());
    out.onCompleted();
  }

  @Override
  public void watchBlocks(WatchBlocksRequest request, StreamObserver<WatchBlocksResponse> out) {
    if (request.getFromHeight() < 0) {
      invalid(out, "from_height is beyond any height this chain can reach");
      return;
    }
    feed.watch((ServerCallStreamObserver<WatchBlocksResponse>) out, ApiAdmission.REMOTE_ADDRESS.get(),
        request.getFromHeight());
  }

  @Override
  public void getSenate(GetSenateRequest request, StreamObserver<GetSenateResponse> out) {
    Senate senate = driver.status().senate();
    if (request.getHeight() != 0 && request.getHeight() != senate.height()) {
      invalid(out, "only the senate of the height being decided (" + senate.height() + ") is known; ask with height 0");
      return;
    }
    GetSenateResponse.Builder r = GetSenateResponse.newBuilder().setHeight(senate.height()).setQuorum(senate.quorum());
    for (int i = 0; i < senate.size(); i++) {
      r.addSeats(SenateSeat.newBuilder().setSeat(i).setOwner(senate.seats().get(i)));
    }
    out.onNext(r.build());
    out.onCompleted();
  }

  @Override
  public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> out) {
    if (request.getOwner().size() != Signatures.PUBLIC_KEY_LENGTH) {
      invalid(out, "owner must be a 32-byte Ed25519 public key");
      return;
    }
    OwnerIndex index = owners.get();
    OwnerIndex.Holdings held = index.holdings(request.getOwner());
    respond(out, () -> GetBalanceResponse.newBuilder().setBalance(held.balance()).setOutputs(held.count())
        .setHeight(index.height()).build());
  }

  @Override
  public void listUtxos(ListUtxosRequest request, StreamObserver<ListUtxosResponse> out) {
    if (request.getOwner().size() != Signatures.PUBLIC_KEY_LENGTH) {
      invalid(out, "owner must be a 32-byte Ed25519 public key");
      return;
    }
    OwnerIndex index = owners.get();
    ListUtxosResponse.Builder b = ListUtxosResponse.newBuilder().setHeight(index.height());
    for (org.lpos.chain.model.Utxo u : index.holdings(request.getOwner()).first(utxoLimit(request.getLimit()))) {
      b.addUtxos(Utxo.newBuilder().setRef(u.key().toProto()).setValue(u.value()).setOwner(request.getOwner()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  /** The proto's uint32 limit read as unsigned: 0 asks for the default, anything is capped. */
  static int utxoLimit(int requested) {
    long unsigned = Integer.toUnsignedLong(requested);
    return unsigned == 0 ? DEFAULT_UTXO_LIMIT : (int) Math.min(unsigned, MAX_UTXO_LIMIT);
  }

  @Override
  public void submitTransaction(SubmitTransactionRequest request, StreamObserver<SubmitTransactionResponse> out) {
    if (!request.hasTransaction()) {
      invalid(out, "transaction is required");
      return;
    }
    if (submissionsInFlight.incrementAndGet() > limits.maxSubmissionsInFlight()) {
      submissionsInFlight.decrementAndGet();
      refusedSubmissions.incrementAndGet();
      out.onError(Status.RESOURCE_EXHAUSTED.withDescription(limits.maxSubmissionsInFlight()
          + " submissions are waiting for the node; try again shortly").asRuntimeException());
      return;
    }
    driver.submitTransaction(request.getTransaction())
        .orTimeout(SUBMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .whenCompleteAsync((refused, failure) -> {
          submissionsInFlight.decrementAndGet();
          answerSubmission(request, out, refused, failure);
        }, executor);
  }

  private void answerSubmission(SubmitTransactionRequest request, StreamObserver<SubmitTransactionResponse> out,
      Optional<Rejection> refused, Throwable failure) {
    if (failure instanceof TimeoutException) {
      out.onError(Status.DEADLINE_EXCEEDED.withDescription("node did not answer in time").asRuntimeException());
    } else if (failure != null) {
      out.onError(Status.UNAVAILABLE.withDescription(String.valueOf(failure.getMessage())).asRuntimeException());
    } else if (refused.isPresent() && refused.get().reason() == Reason.POOL_FULL) {
      out.onError(Status.RESOURCE_EXHAUSTED.withDescription(refused.get().toString()).asRuntimeException());
    } else if (refused.isPresent()) {
      invalid(out, refused.get().toString());
    } else {
      out.onNext(SubmitTransactionResponse.newBuilder().setTxId(caches.txIds().id(request.getTransaction())).build());
      out.onCompleted();
    }
  }

  @Override
  public void getPeers(GetPeersRequest request, StreamObserver<GetPeersResponse> out) {
    GetPeersResponse.Builder r = GetPeersResponse.newBuilder();
    for (PeerConnection c : network.connected()) {
      r.addPeers(ConnectedPeer.newBuilder().setPublicKey(c.peerKey()).setAddress(c.address())
          .setDirection(c.direction().name().toLowerCase(Locale.ROOT)));
    }
    respond(out, r::build);
  }

  private static <T> void respond(StreamObserver<T> out, Supplier<T> answer) {
    out.onNext(answer.get());
    out.onCompleted();
  }

  private static void invalid(StreamObserver<?> out, String message) {
    out.onError(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
  }

  private static String describe(GetBlockRequest r) {
    return r.hasHeight() ? "at height " + r.getHeight() : "with hash " + Hex.encode(r.getHash());
  }
}
