package org.lpos.node.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.service.MetricsEndpoint;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterResponse;

/**
 * Wires one node process, in order: registration with discovery (which may assign the key), the
 * node, its first peers, the original's log, the metrics endpoint, lease renewal and the
 * experiments discovery announces; then waits until the node must stop and closes everything in
 * reverse order. The command line only turns options into a {@link Plan}.
 */
public final class NodeAssembly implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("lpos");

  /** How the node finds its key. */
  public sealed interface KeySource permits KnownKey, AssignedKey {}

  /** A key given on the command line (a key file or a member index). */
  public record KnownKey(KeyPair key) implements KeySource {}

  /** The key of the member a preloading discovery assigns, read by {@code keyOf} (it checks it). */
  public record AssignedKey(Function<MemberAssignment, KeyPair> keyOf) implements KeySource {}

  /**
   * Everything the command line decided.
   *
   * @param port the port to bind; 0 binds a free one (held from registration to start)
   * @param discovery the discovery client, or empty to run with the given peers only
   * @param config the node's configuration for the key and port finally used
   * @param originalLogDir where the original's {@code ID.log} goes, or null
   * @param metricsPort the Prometheus port, 0 for none
   * @param nodeDir the node's output directory, or null
   */
  public record Plan(String host, int port, String advertise, String nodeName, Optional<DiscoveryClient> discovery,
      KeySource keys, Duration nameWait, BiFunction<KeyPair, Integer, NodeConfig> config, ChainFile chainFile,
      Path originalLogDir, int metricsPort, Path nodeDir, InstructedLoad load) {}

  /** Why the node stopped. */
  public sealed interface Outcome permits Stopped, TimedOut, NameLost, Halted {}

  /** Stopped on a signal. */
  public record Stopped() implements Outcome {}

  /** Stopped after the run's time limit. */
  public record TimedOut() implements Outcome {}

  /** Discovery gave the node's name to another process: it must not sign alongside it. */
  public record NameLost(String reason) implements Outcome {}

  /** A consensus step failed; the node's state cannot be trusted. */
  public record Halted(Throwable cause) implements Outcome {}

  private final LposNode node;
  private final KeyPair key;
  private final Optional<DiscoveryClient> discovery;
  private final MetricsEndpoint metrics;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicReference<String> nameLost = new AtomicReference<>();
  private final List<AutoCloseable> loads = new ArrayList<>();

  private NodeAssembly(LposNode node, KeyPair key, Optional<DiscoveryClient> discovery, MetricsEndpoint metrics) {
    this.node = node;
    this.key = key;
    this.discovery = discovery;
    this.metrics = metrics;
  }

  /**
   * Registers, starts and connects the node. On failure everything opened so far is closed.
   *
   * @throws io.grpc.StatusRuntimeException when discovery refuses or cannot be reached
   * @throws IOException when the node or its metrics endpoint cannot bind
   */
  public static NodeAssembly start(Plan plan) throws IOException, InterruptedException {
    FreePort reserved = plan.port() == 0 && plan.discovery().isPresent() ? FreePort.reserve(plan.host()) : null;
    int listenPort = reserved != null ? reserved.port() : plan.port();
    String address = AdvertisedAddress.parse(plan.advertise()).address(listenPort);
    KeyPair key;
    RegisterResponse registration = null;
    try {
      if (plan.discovery().isPresent()) {
        DiscoveryClient directory = plan.discovery().get();
        DiscoveryClient.Registration registered;
        if (plan.keys() instanceof KnownKey known) {
          registered = directory.register(known.key(), address, plan.nodeName(), plan.nameWait());
        } else if (plan.keys() instanceof AssignedKey assigned) {
          registered = directory.registerAsMember(assigned.keyOf(), address, plan.nodeName(), plan.nameWait());
        } else {
          throw new IllegalStateException("unknown key source " + plan.keys());
        }
        key = registered.key();
        registration = registered.response();
      } else if (plan.keys() instanceof KnownKey known) {
        key = known.key();
      } else {
        throw new IllegalArgumentException("a key assigned by discovery needs a discovery service");
      }
    } catch (RuntimeException | InterruptedException e) {
      closeAll(reserved, plan.discovery());
      throw e;
    }
    LposNode node;
    try {
      closeAll(reserved, Optional.empty());
      node = LposNode.start(plan.config().apply(key, listenPort));
    } catch (IOException e) {
      closeAll(null, plan.discovery());
      throw new IOException(e.getMessage()
          + (reserved != null ? " (port " + listenPort + " was free a moment before; start again)" : ""), e);
    }
    MetricsEndpoint metrics = null;
    try {
      if (plan.metricsPort() != 0) {
        metrics = MetricsEndpoint.start(plan.host(), plan.metricsPort(), node.metrics().registry());
      }
    } catch (IOException e) {
      node.close();
      closeAll(null, plan.discovery());
      throw new IOException("cannot serve metrics on " + plan.host() + ":" + plan.metricsPort() + ": "
          + e.getMessage(), e);
    }
    NodeAssembly assembly = new NodeAssembly(node, key, plan.discovery(), metrics);
    assembly.connect(plan, address, registration);
    return assembly;
  }

  private void connect(Plan plan, String address, RegisterResponse registration) {
    if (registration != null) {
      // Discovery says whose key listens where: dialling its peers then checks the key that answers.
      for (PeerInfo p : registration.getPeersList()) {
        node.network().learnAddress(p.getPublicKey(), p.getAddress());
        node.network().connect(p.getAddress());
      }
    }
    if (plan.originalLogDir() != null) {
      node.writeOriginalLog(plan.originalLogDir().resolve(
          OriginalLog.fileName(registration == null ? 0 : registration.getRegistrationOrder(), plan.nodeName())));
    }
    node.halted().thenRun(stop::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      closeInfrastructure();
    }, "lpos-shutdown"));
    if (discovery.isPresent()) {
      DiscoveryClient directory = discovery.get();
      int leaseSeconds = registration.getLeaseSeconds();
      directory.keepAlive(leaseSeconds, () -> directory.register(key, address, plan.nodeName()), reason -> {
        nameLost.set(reason);
        stop.countDown();
      });
      // The chain file was verified before the node started; its genesis names the chain.
      String chainId = plan.chainFile().getBlocks(0).getBlock().getHeader().getChainId();
      directory.watchInstructions(i -> plan.load()
          .start(new InstructedLoad.Request(node, key, chainId, i, directory.livePeerKeys(), plan.nodeDir()))
          .ifPresent(this::addLoad));
    }
  }

  private synchronized void addLoad(AutoCloseable load) {
    loads.add(load);
  }

  /** The running node. */
  public LposNode node() {
    return node;
  }

  /** The key the node signs with (given, or assigned by discovery). */
  public KeyPair key() {
    return key;
  }

  /** The bound metrics port, or empty without a metrics endpoint. */
  public OptionalInt metricsPort() {
    return metrics == null ? OptionalInt.empty() : OptionalInt.of(metrics.port());
  }

  /**
   * Waits until the node must stop: a signal, a halt, a lost name or, when {@code timeoutSeconds}
   * is positive, the time limit; then closes everything.
   */
  public Outcome awaitStop(long timeoutSeconds) throws InterruptedException {
    boolean timedOut;
    if (timeoutSeconds > 0) {
      timedOut = !stop.await(timeoutSeconds, TimeUnit.SECONDS);
    } else {
      stop.await();
      timedOut = false;
    }
    close();
    if (timedOut) {
      return new TimedOut();
    }
    if (nameLost.get() != null) {
      return new NameLost(nameLost.get());
    }
    if (node.halted().isDone()) {
      return new Halted(node.halted().getNow(null));
    }
    return new Stopped();
  }

  @Override
  public void close() {
    List<AutoCloseable> started;
    synchronized (this) {
      started = List.copyOf(loads);
      loads.clear();
    }
    for (AutoCloseable load : started) {
      try {
        load.close();
      } catch (Exception e) {
        LOG.warning(() -> "stopping an experiment's load: " + e);
      }
    }
    closeInfrastructure();
  }

  private void closeInfrastructure() {
    discovery.ifPresent(DiscoveryClient::close);
    if (metrics != null) {
      metrics.close();
    }
    node.close();
  }

  private static void closeAll(FreePort reserved, Optional<DiscoveryClient> discovery) {
    if (reserved != null) {
      reserved.close();
    }
    discovery.ifPresent(DiscoveryClient::close);
  }
}
