package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.node.api.ApiLimits;
import org.lpos.node.api.BlockFeed;
import org.lpos.node.api.NodeApi;
import org.lpos.node.api.OwnerIndex;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.Equivocation;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.node.metrics.NodeMetrics;
import org.lpos.node.net.ChainLabel;
import org.lpos.node.net.PeerBudgets;
import org.lpos.node.net.PeerNetwork;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.node.store.ChainStore;
import org.lpos.node.store.InMemoryBlocks;
import org.lpos.node.store.AgreementStateFile;
import org.lpos.node.store.SignerStateFile;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;

/**
 * A running node: the consensus core on its driver thread, the peer mesh, and one gRPC server
 * with the Peer and Node services, gRPC health and server reflection (so {@code grpcurl} works
 * with no proto files; see {@link NodeServer}), over a {@link NodeTransport}: TCP in production,
 * in-process gRPC in tests. {@link #close} stops it cleanly: streams closed, files flushed.
 */
public final class LposNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LposNode.class.getName());
  private static final long COMMUNICATION_REPORT_MS = 5_000;
  /** The chain store's directory inside the data directory (the signer state sits beside it). */
  public static final String CHAIN_STORE_DIR = "chain";

  private final NodeConfig config;
  private final NodeDriver driver;
  private final PeerNetwork network;
  private final BlockFeed feed;
  private final NodeOutputs outputs;
  /** The original's {@code <id>.log}, once {@link #writeOriginalLog} opened it. */
  private volatile OriginalLog originalLog;
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-reporter");
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> fail(e));
    return t;
  });
  private final ScheduledExecutorService delayedSends = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-send-delay");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong committedTransactions = new AtomicLong();
  private final List<Consumer<CertifiedBlock>> commitListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Throwable> halted = new CompletableFuture<>();
  private final NodeServer server;
  private final SignerStateFile signerState;
  private final AgreementStateFile agreementState;
  private final NodeCore core;
  private final NodeMetrics metrics;
  private final ChainStore store;
  private final InMemoryBlocks memoryArchive;
  private final Stakeholders stakeholders;
  /** What the node does with its core's messages before sending them (honest unless testing). */
  private final PolicedSends policed;
  /** Serve gRPC calls, API and peers apart: see {@link GrpcThreads}. */
  private final GrpcThreads grpcThreads;
  /** Balances and outputs by owner after a recent commit, for the Node API. */
  private volatile OwnerIndex owners;
  /**
   * Builds each commit's owner index off the consensus thread (measured at about 0.6 times the
   * cost of the core's own UTXO update, see OwnerIndexTest), in commit order; readers see the
   * height the index is at. An error here fails the node.
   */
  private final ExecutorService ownerIndexer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "lpos-owner-index");
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> fail(e));
    return t;
  });

  private LposNode(NodeConfig config, NodeTransport transport) throws IOException {
    this.config = config;
    Block genesis = config.chain().getBlocks(0).getBlock();
    ChainCaches caches = new ChainCaches();
    NodeStorage storage = NodeStorage.open(config, caches);
    this.signerState = storage.signerState();
    this.agreementState = storage.agreementState();
    this.store = storage.store();
    this.memoryArchive = storage.memoryArchive();
    NodeCore core = new NodeCore(config.consensus(), config.key(), genesis, storage.persisted(), caches);
    this.core = core;
    this.metrics = new NodeMetrics(config.nodeName(), config.key().publicKey(), core.status(), caches);
    this.outputs = config.outputDir() == null ? null : new NodeOutputs(config.outputDir());
    this.owners = OwnerIndex.of(core.chain().utxos(), core.chain().tip().height());
    this.driver = new NodeDriver(core, new Sink(), System::currentTimeMillis);
    this.stakeholders = new Stakeholders(core.chain().utxos());
    this.network = new PeerNetwork(config.key(), core.chain().chainId(), Blocks.hash(genesis), config.fanOut(),
        new DriverInbox(driver), PeerBudgets.defaults(), PeerBudgets.followers(), System::nanoTime,
        config.peerLimits(), stakeholders, transport.peerLinks(config));
    this.policed = new PolicedSends(config.sendPolicy(), config, core.chain().chainId(), network, core.chain().tip());
    network.announce(new ChainLabel(config.chainName(),
        genesis.getHeader().getParams().getSenateSeats()));
    metrics.bindNetwork(network);
    metrics.bindDriver(driver);
    String nodeId = Hex.shortForm(config.key().publicKey());
    ApiLimits limits = config.apiLimits();
    this.grpcThreads = new GrpcThreads(limits, this::fail);
    BlockArchive archive = storage.archive();
    this.feed = new BlockFeed(limits, archive, grpcThreads.api());
    NodeApi api = new NodeApi(driver, network, feed, archive, () -> owners, grpcThreads.api(), limits, nodeId,
        config.key().publicKey(), core.chain().chainId(), committedTransactions::get, caches);
    metrics.bindApi(api, feed);
    this.server = new NodeServer(config, transport, grpcThreads, metrics.grpcServerInterceptor(),
        List.of(network.service().bindService(), api.admitted()));
  }

  /**
   * Fails the node from any thread: health turns NOT_SERVING and {@link #halted} completes, so the
   * process closes the node and exits with a failure status. For failures outside the driver's
   * steps (a dead reporter, an {@link Error} on a pool thread) that would otherwise leave a node
   * that answers as SERVING while part of it is gone.
   */
  void fail(Throwable cause) {
    fail(cause, true);
  }

  /** {@link #fail(Throwable)}, logging the cause unless whoever saw it logged it already. */
  private void fail(Throwable cause, boolean log) {
    if (halted.isDone() || closing) {
      // Stopping interrupts the node's threads; what fails then is the stop, not the node.
      return;
    }
    if (log) {
      LOG.log(Level.SEVERE, "the node failed and stops", cause);
    }
    server.reportNotServing();
    halted.complete(cause);
  }

  /** Builds and starts a node over TCP: server bound, core running, peers dialled. */
  public static LposNode start(NodeConfig config) throws IOException {
    return start(config, NodeTransport.tcp());
  }

  /** Builds and starts a node over {@code transport}: server bound, core running, peers dialled. */
  public static LposNode start(NodeConfig config, NodeTransport transport) throws IOException {
    LposNode node = new LposNode(config, transport);
    node.server.start();
    node.network.advertise(node.server.advertisedAddress());
    node.driver.start();
    node.server.reportServing();
    for (String peer : config.peers()) {
      node.network.connect(peer);
    }
    node.policed.start(node.delayedSends);
    if (node.outputs != null) {
      // A failed report would otherwise end the schedule silently; the node fails instead.
      node.reporter.scheduleAtFixedRate(() -> {
        try {
          node.outputs.communication(node.network.cost(), System.currentTimeMillis());
        } catch (Throwable t) {
          node.fail(t);
          throw t;
        }
      }, COMMUNICATION_REPORT_MS, COMMUNICATION_REPORT_MS, TimeUnit.MILLISECONDS);
    }
    return node;
  }

  /**
   * Also writes the original's log shape to {@code file} from now on (see {@link OriginalLog}),
   * with the communication line every 5 s. Call once, after {@link #start}: the name of the file
   * comes from discovery, which the node registers with before it starts. A file that cannot be
   * opened is logged and the node goes on without it.
   */
  public synchronized void writeOriginalLog(Path file) {
    if (originalLog != null || closed) {
      throw new IllegalStateException("the original's log is written once, by a running node");
    }
    OriginalLog log;
    try {
      log = OriginalLog.open(file);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot open the original's log " + file + "; the node goes on without it", e);
      return;
    }
    originalLog = log;
    // The round under way started before the log opened; later statuses add only newer rounds.
    NodeStatus now = driver.status();
    log.status(now.height(), now.round(), System.currentTimeMillis());
    reporter.scheduleAtFixedRate(() -> log.communication(network.cost().snapshot(), System.currentTimeMillis()),
        COMMUNICATION_REPORT_MS, COMMUNICATION_REPORT_MS, TimeUnit.MILLISECONDS);
  }

  /** The port the gRPC server listens on (-1 over a transport without ports). */
  public int port() {
    return server.port();
  }

  /** Health status names the node reports on: the server as a whole, Node and Peer. */
  List<String> healthServices() {
    return server.healthServices();
  }

  /** The plaintext health-only port, or -1 when there is none. */
  public int healthPort() {
    return server.healthPort();
  }

  /** The driver that owns the core. */
  public NodeDriver driver() {
    return driver;
  }

  /**
   * Every owner's outputs after the latest commit the index has caught up with (immutable, built
   * behind the driver; its own height says which).
   */
  public OwnerIndex owners() {
    return owners;
  }

  /** The committed blocks (safe to read from any thread). */
  public BlockArchive blocks() {
    return store != null ? store : memoryArchive;
  }

  /** Calls {@code listener} on the driver thread for every block this node commits. */
  public void onCommit(Consumer<CertifiedBlock> listener) {
    commitListeners.add(listener);
  }

  /**
   * Completes with the cause when a consensus step failed and the driver halted: the node then
   * reports NOT_SERVING and decides nothing more, and its process should {@link #close} it (which
   * flushes the store) and exit with a failure status.
   */
  public CompletableFuture<Throwable> halted() {
    return halted;
  }

  /** The peer mesh. */
  public PeerNetwork network() {
    return network;
  }

  /** The node's metrics (serve {@code metrics().registry()} to let Prometheus scrape them). */
  public NodeMetrics metrics() {
    return metrics;
  }

  private boolean closed;
  private volatile boolean closing;

  /**
   * Stops the node once. On SIGTERM both the shutdown hook and the main thread close it; a second
   * caller waits for the first to finish and returns, so the RocksDB handles are freed once (two
   * threads freeing them at the same time crashed the JVM in native code).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    server.reportNotServing();
    reporter.shutdownNow();
    delayedSends.shutdownNow();
    feed.close();
    network.close();
    server.stop();
    try {
      grpcThreads.shutdownNow(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stopHealth();
    driver.close();
    // After the driver: a commit handed to a stopped indexer would halt the driver mid-shutdown.
    ownerIndexer.shutdownNow();
    if (store != null) {
      store.close();
    }
    OriginalLog log = originalLog;
    if (log != null) {
      log.communication(network.cost().snapshot(), System.currentTimeMillis());
      log.close();
    }
    if (outputs != null) {
      // A failing disk must not keep the rest from closing; the failure is reported, not thrown.
      try {
        outputs.communication(network.cost(), System.currentTimeMillis());
        outputs.close();
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "cannot write the node's outputs at shutdown", e);
      }
    }
    metrics.close();
  }

  /** Hands peers' messages to the driver with the ticket that releases their bytes when it takes them. */
  private record DriverInbox(NodeDriver driver) implements PeerNetwork.Inbox {
    @Override
    public void received(ByteString from, PeerMessage message) {
      driver.received(from, message);
    }

    @Override
    public void received(ByteString from, PeerMessage message, Runnable taken) {
      driver.received(from, message, taken::run);
    }
  }

  /**
   * Where the driver's {@link org.lpos.node.runtime.ReadyApplier} puts a step's outputs: the chain
   * store and state files (or the in-memory archive), the peer mesh, then the reports.
   */
  private final class Sink implements NodeDriver.Sink {
    @Override
    public void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) throws IOException {
      if (memoryArchive != null) {
        committed.forEach(memoryArchive::append);
      } else {
        store.append(committed, deltas);
      }
    }

    @Override
    public void writeAgreement(AgreementState state) throws IOException {
      // A node without a data directory keeps its agreement state in its core only.
      if (memoryArchive == null) {
        agreementState.write(state);
      }
    }

    @Override
    public void writeSigner(SignerRecord record) throws IOException {
      if (memoryArchive == null) {
        signerState.write(record);
      }
    }

    @Override
    public void send(List<Outbound> step) {
      List<Outbound> messages = policed.beforeSend(step);
      if (config.sendDelayMs() > 0 && !messages.isEmpty()) {
        delayedSends.schedule(() -> messages.forEach(network::send), config.sendDelayMs(), TimeUnit.MILLISECONDS);
      } else {
        for (Outbound o : messages) {
          network.send(o);
        }
      }
    }

    @Override
    public void applied(Ready ready) {
      stakeholders.onCommitted(ready.deltas(), core.chain().utxos());
      long now = System.currentTimeMillis();
      if (!ready.committed().isEmpty()) {
        policed.committed(core.chain().tip());
        List<UtxoDelta> deltas = ready.deltas();
        long height = core.chain().tip().height();
        ownerIndexer.execute(() -> owners = owners.after(deltas, height));
      }
      OriginalLog log = originalLog;
      for (CertifiedBlock cb : ready.committed()) {
        feed.publish(cb);
        if (log != null) {
          log.committed(cb.getBlock().getHeader().getHeight(), Blocks.hash(cb.getBlock()),
              cb.getBlock().getTransactionsCount(), cb.getCertificate().getRound(), now);
        }
        committedTransactions.addAndGet(cb.getBlock().getTransactionsCount());
        commitListeners.forEach(l -> l.accept(cb));
        if (outputs != null) {
          outputs.committed(cb, now);
        }
        LOG.fine(() -> "committed " + cb.getBlock().getHeader().getHeight() + " "
            + Hex.shortForm(Blocks.hash(cb.getBlock())));
      }
      rejected.addAndGet(ready.rejected().size());
      for (Equivocation e : ready.evidence()) {
        if (outputs != null) {
          outputs.equivocation(e, now);
        }
        LOG.warning(() -> "equivocation evidence: " + Hex.shortForm(e.first().getSigner()) + " signed two "
            + e.first().getType() + " votes at height " + e.first().getHeight() + " round " + e.first().getRound());
      }
      metrics.onReady(ready, now);
    }

    @Override
    public void published(NodeStatus status) {
      if (status.height() != metrics.decidingHeight()) {
        metrics.onSenate(core.chain().nextSenate());
      }
      metrics.onStatus(status, System.currentTimeMillis());
      OriginalLog log = originalLog;
      if (log != null) {
        log.status(status.height(), status.round(), System.currentTimeMillis());
      }
    }

    @Override
    public void arrived(Event event) {
      metrics.onArrived(event);
      policed.arrived(event);
    }

    @Override
    public void misbehaved(ByteString peer, Rejection rejection) {
      network.penalize(peer, rejection.toString());
    }

    @Override
    public void halted(Throwable cause) {
      // The driver logged the cause when it halted.
      fail(cause, false);
    }
  }
}
