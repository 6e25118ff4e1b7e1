package org.lpos.node.api;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.Signatures;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.senate.Senate;
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
 * The Node service for people and tools. Reads go through the driver's loop (or its status
 * snapshot), so they see a consistent state; malformed requests get INVALID_ARGUMENT with a
 * message and change nothing.
 */
public final class NodeApi extends NodeGrpc.NodeImplBase {
  private static final long QUERY_TIMEOUT_MS = 5_000;
  /** Most past blocks a WatchBlocks stream replays; older ones are read with GetBlock. */
  private static final int MAX_BACKLOG = 1_000;

  private final NodeDriver driver;
  private final PeerNetwork network;
  private final BlockFeed feed;
  private final String nodeId;
  private final ByteString publicKey;
  private final String chainId;
  private final LongSupplier transactionsCommitted;

  /** The service over one node. */
  public NodeApi(NodeDriver driver, PeerNetwork network, BlockFeed feed, String nodeId, ByteString publicKey,
      String chainId, LongSupplier transactionsCommitted) {
    this.transactionsCommitted = transactionsCommitted;
    this.driver = driver;
    this.network = network;
    this.feed = feed;
    this.nodeId = nodeId;
    this.publicKey = publicKey;
    this.chainId = chainId;
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
        .setSignatureVerifications(Signatures.verificationsPerformed()).build());
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
    Optional<CertifiedBlock> found = await(out, driver.query(core -> request.hasHeight()
        ? (request.getHeight() >= 1 ? core.block(request.getHeight()) : Optional.<CertifiedBlock>empty())
        : core.block(request.getHash())));
    if (found == null) {
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
    ServerCallStreamObserver<WatchBlocksResponse> stream = (ServerCallStreamObserver<WatchBlocksResponse>) out;
    // On the driver's loop, which is also where committed blocks are published: the backlog and
    // the subscription are then one step, and no block falls between them or arrives twice.
    await(out, driver.query(core -> {
      if (request.getFromHeight() > 0) {
        long tip = core.chain().tip().height();
        long first = Math.max(request.getFromHeight(), tip - MAX_BACKLOG + 1);
        for (long h = first; h <= tip; h++) {
          core.block(h).ifPresent(cb -> stream.onNext(BlockFeed.response(cb)));
        }
      }
      feed.subscribe(stream);
      return true;
    }));
  }

  @Override
  public void getSenate(GetSenateRequest request, StreamObserver<GetSenateResponse> out) {
    Senate senate = await(out, driver.query(core -> core.chain().nextSenate()));
    if (senate == null) {
      return;
    }
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
    GetBalanceResponse r = await(out, driver.query(core -> {
      long[] sum = new long[2];
      core.chain().utxos().forEachOwnedBy(request.getOwner(), u -> {
        sum[0] += u.value();
        sum[1]++;
      });
      return GetBalanceResponse.newBuilder().setBalance(sum[0]).setOutputs((int) sum[1])
          .setHeight(core.chain().tip().height()).build();
    }));
    if (r != null) {
      out.onNext(r);
      out.onCompleted();
    }
  }

  @Override
  public void listUtxos(ListUtxosRequest request, StreamObserver<ListUtxosResponse> out) {
    if (request.getOwner().size() != Signatures.PUBLIC_KEY_LENGTH) {
      invalid(out, "owner must be a 32-byte Ed25519 public key");
      return;
    }
    int limit = request.getLimit() == 0 ? 1_000 : Math.min(request.getLimit(), 100_000);
    ListUtxosResponse r = await(out, driver.query(core -> {
      ListUtxosResponse.Builder b = ListUtxosResponse.newBuilder().setHeight(core.chain().tip().height());
      TreeMap<OutputKey, Long> owned = new TreeMap<>();
      core.chain().utxos().forEachOwnedBy(request.getOwner(), u -> owned.put(u.key(), u.value()));
      for (Map.Entry<OutputKey, Long> e : owned.entrySet()) {
        if (b.getUtxosCount() == limit) {
          break;
        }
        b.addUtxos(Utxo.newBuilder().setRef(e.getKey().toProto()).setValue(e.getValue()).setOwner(request.getOwner()));
      }
      return b.build();
    }));
    if (r != null) {
      out.onNext(r);
      out.onCompleted();
    }
  }

  @Override
  public void submitTransaction(SubmitTransactionRequest request, StreamObserver<SubmitTransactionResponse> out) {
    if (!request.hasTransaction()) {
      invalid(out, "transaction is required");
      return;
    }
    Optional<Rejection> refused = await(out, driver.submitTransaction(request.getTransaction()));
    if (refused == null) {
      return;
    }
    if (refused.isPresent()) {
      invalid(out, refused.get().toString());
      return;
    }
    out.onNext(SubmitTransactionResponse.newBuilder().setTxId(Transactions.id(request.getTransaction())).build());
    out.onCompleted();
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

  /** The future's value, or null after answering UNAVAILABLE/DEADLINE_EXCEEDED. */
  private static <T> T await(StreamObserver<?> out, CompletableFuture<T> future) {
    try {
      return future.get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      out.onError(Status.DEADLINE_EXCEEDED.withDescription("node did not answer in time").asRuntimeException());
    } catch (ExecutionException e) {
      out.onError(Status.UNAVAILABLE.withDescription(String.valueOf(e.getCause().getMessage())).asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(Status.CANCELLED.asRuntimeException());
    }
    return null;
  }

  private static String describe(GetBlockRequest r) {
    return r.hasHeight() ? "at height " + r.getHeight() : "with hash " + Hex.encode(r.getHash());
  }
}
