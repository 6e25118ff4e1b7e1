package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.senate.Quorum;
import org.lpos.node.api.ApiLimits;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.net.PeerLimits;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.ServerTls;
import org.lpos.node.server.DiscoveryClient;
import org.lpos.node.store.InstanceIdFile;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.node.server.LposNode;
import org.lpos.node.server.AdvertisedAddress;
import org.lpos.node.server.InstructedLoad;
import org.lpos.node.server.NodeAssembly;
import org.lpos.node.server.NodeConfig;
import org.lpos.node.server.SendPolicies;
import org.lpos.node.server.SendPolicy;
import java.util.List;
import org.lpos.proto.v1.ChainFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lpos node PORT N T POPULATION}: runs one node, with the original's command line and
 * options in the original's spellings ({@code --output_dir}, {@code --send_delay S}, {@code -o},
 * {@code --profile}, {@code --ignore-promoter}) beside the Java ones. N (senate seats) is applied
 * to a shipped chain template, or must match a chain file's genesis; T (Byzantine nodes of the
 * experiment) must be at most floor((N-1)/3). The node registers with discovery (localhost:8123
 * unless told otherwise), keeps streams to its peers, takes part in consensus and runs the
 * experiment the discovery service announces.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run one LPOS node (stops cleanly on SIGTERM, Ctrl-C or after --timeout).")
public final class NodeCommand implements Callable<Integer> {
  /**
   * Exit status when the driver halted on a failed step (EX_SOFTWARE of sysexits.h): the node's
   * state cannot be trusted, so the process ends for a supervisor to restart it from its store.
   */
  static final int HALTED_EXIT_CODE = 70;

  /**
   * Exit status when discovery gave this node's name to another process while it ran (its lease
   * lapsed): it stops rather than sign alongside another process of the same member.
   */
  static final int NAME_LOST_EXIT_CODE = 75;

  @Spec CommandSpec spec;

  private final InstructedLoad load;
  private final SendPolicies sendPolicies;

  /** The discovery address the original's nodes used when none was given. */
  static final String DEFAULT_DISCOVERY = "localhost:8123";

  /** {@code --discovery none}: find peers only through {@code --peer}. */
  static final String NO_DISCOVERY = "none";

  @Parameters(index = "0", paramLabel = "PORT",
      description = "gRPC port (peers and clients); 0 = any free port, the one bound is registered with discovery.")
  int port;

  @Parameters(index = "1", paramLabel = "N",
      description = "Senate seats: any N on a shipped chain (a template), or the N a chain file fixes.")
  int seats;

  @Parameters(index = "2", paramLabel = "T", description = "Byzantine nodes in the experiment (at most floor((N-1)/3)).")
  int byzantine;

  @Parameters(index = "3", paramLabel = "POPULATION", description = "Nodes in the experiment (recorded in run.csv).")
  int population;

  @Option(names = "--discovery", paramLabel = "HOST[:PORT]|none", defaultValue = DEFAULT_DISCOVERY,
      description = "Discovery service (default ${DEFAULT-VALUE}, as the original; port 8123 if omitted); "
          + "none = find peers only through --peer.")
  String discovery;

  @Option(names = "--fan-out", defaultValue = "10", description = "Peers each committed block is gossiped to (0 = all; default ${DEFAULT-VALUE}, as the original).")
  int fanOut;

  @Option(names = "--chain", defaultValue = "genic", paramLabel = "genic|10_rich_man|100_rich_man|PATH",
      description = "Chain to run: a shipped chain is a template taking any N; a chain file fixes N "
          + "(default ${DEFAULT-VALUE}, as the original).")
  String chain;

  @Option(names = {"--output-dir", "--output_dir"}, paramLabel = "DIR",
      description = "Write the original's log here as ID.log (ID = the order this node registered at discovery, "
          + "else NAME), and node.log, run.csv, blocks.csv and communication.csv under NAME/.")
  Path outputDir;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "What must survive a crash (chain store and signer state); default: DIR/NAME/data under --output-dir.")
  Path dataDir;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "Stop cleanly after this many seconds (0 = run until stopped, the default).")
  long timeoutSeconds;

  @Option(names = "--send-delay-ms", paramLabel = "MS",
      description = "Delay every outgoing peer message by MS milliseconds (emulates a slower network; default 0).")
  Long sendDelayMillis;

  @Option(names = "--send_delay", paramLabel = "S",
      description = "The original's spelling of the send delay, in seconds (may be fractional, e.g. 0.05).")
  Double sendDelaySeconds;

  @Option(names = "-o", paramLabel = "FILE",
      description = "Write the log to FILE instead of the console (the original's log file).")
  Path logFile;

  @Option(names = "--profile", paramLabel = "FILE",
      description = "Record the run with Java Flight Recorder (its 'profile' settings) and write FILE at exit "
          + "(read it with `jfr print` or JDK Mission Control).")
  Path profileFile;

  @Option(names = "--ignore-promoter",
      description = "Accepted for the original's command lines; has no effect (the original ignored it too).")
  boolean ignorePromoter;

  @Option(names = "--members-only",
      description = "Refuse peers whose key holds no stake at the handshake (default: serve them as followers, without senate traffic).")
  boolean membersOnly;

  @Option(names = "--max-peer-streams", paramLabel = "N", defaultValue = "128",
      description = "Inbound peer streams accepted at once (default ${DEFAULT-VALUE}).")
  int maxPeerStreams;

  @Option(names = "--max-peer-streams-per-address", paramLabel = "N", defaultValue = "64",
      description = "Inbound peer streams accepted at once from one IP address (default ${DEFAULT-VALUE}).")
  int maxPeerStreamsPerAddress;

  @Option(names = "--peer-inbound-mib", paramLabel = "MIB", defaultValue = "64",
      description = "Bytes received from all peers and not yet processed, in MiB; past it peers wait (default ${DEFAULT-VALUE}).")
  int peerInboundMib;

  @Option(names = "--member-index", paramLabel = "I", description = "Run as member I of the members file.")
  Integer memberIndex;

  @Option(names = "--members", paramLabel = "FILE", description = "Members file (default: data/members.json).")
  Path membersFile;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Run as the member in this key file.")
  Path keyFile;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--advertise", defaultValue = "127.0.0.1", paramLabel = "HOST[:PORT]",
      description = "Host peers dial, with the bound port unless PORT is given (a port forward, or the lab's"
          + " link relays; default ${DEFAULT-VALUE}).")
  String advertise;

  @Option(names = "--source-address", paramLabel = "IP", converter = SourceAddressOption.class,
      description = "Bind outbound peer connections to this local address (default: the system's choice).")
  InetAddress sourceAddress;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
      description = "Serve Prometheus metrics on http://HOST:PORT/metrics, bound to --host (0 = no metrics endpoint; default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to (repeatable).")
  List<String> peers = new ArrayList<>();

  @Option(names = "--name", description = "Stable node name for discovery (default: node-PORT; with PORT 0, "
      + "node- and the first 8 hex digits of the instance id kept in the data directory).")
  String name;

  @Option(names = "--name-wait", paramLabel = "SECONDS", defaultValue = "40",
      description = "How long to keep asking while discovery says another process holds this node's name "
          + "(a restarted node waits for its predecessor's lease to end); then exit (default ${DEFAULT-VALUE}).")
  long nameWaitSeconds;

  @Option(names = "--api-max-watchers", paramLabel = "N", defaultValue = "" + ApiLimits.DEFAULT_MAX_WATCHERS,
      description = "WatchBlocks streams served at once (default ${DEFAULT-VALUE}).")
  int apiMaxWatchers;

  @Option(names = "--api-max-watchers-per-address", paramLabel = "N",
      defaultValue = "" + ApiLimits.DEFAULT_MAX_WATCHERS_PER_ADDRESS,
      description = "WatchBlocks streams served at once to one IP address (default ${DEFAULT-VALUE}).")
  int apiMaxWatchersPerAddress;

  @Option(names = "--api-max-calls", paramLabel = "N", defaultValue = "" + ApiLimits.DEFAULT_MAX_CALLS_IN_FLIGHT,
      description = "Unary Node API calls served at once; more are answered RESOURCE_EXHAUSTED (default ${DEFAULT-VALUE}).")
  int apiMaxCalls;
  @Option(names = "--tls", defaultValue = "on", paramLabel = "on|off",
      description = "TLS 1.3 on the gRPC port, on peer links and to discovery (default ${DEFAULT-VALUE}); "
          + "off is for debugging only.")
  TlsSwitch tls;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain to serve (with --tls-key; default: a self-signed one made at start).")
  Path tlsCertificate;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--api-client-ca", paramLabel = "FILE",
      description = "Node API calls must present a client certificate chaining to this PEM CA "
          + "(others get UNAUTHENTICATED; peer streams are not affected).")
  Path apiClientCa;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "Also serve gRPC health alone, in plaintext, on this port (for Kubernetes probes, "
          + "which cannot speak TLS; default: none).")
  Integer healthPort;

  @Option(names = {"-d", "--debug"}, description = "Debug logging.")
  boolean debug;

  @Option(names = "--byzantine-mode", paramLabel = "MODE",
      description = "[testing] Misbehave as a Byzantine member: equivocate, silent, invalid, spam, lie-height or "
          + "flood-next (the simulator's behaviours). Never on a real network.")
  String byzantineMode;

  @Option(names = {"-v", "--verbose"}, description = "Verbose logging.")
  boolean verbose;

  /** A node running {@code load} when discovery instructs, and (testing) {@code sendPolicies}' misbehaviours. */
  public NodeCommand(InstructedLoad load, SendPolicies sendPolicies) {
    this.load = load;
    this.sendPolicies = sendPolicies;
  }

  @Override
  public Integer call() throws Exception {
    validateNumbers();
    long sendDelayMs = sendDelayMs();
    SendPolicy.Factory sendPolicy = sendPolicy();
    NodeChain running = NodeChain.resolve(chain, seats);
    ChainFile chainFile = running.file();
    ByteString fresh = InstanceIdFile.random(RegistrationProof.INSTANCE_ID_BYTES);
    ByteString named = dataDir != null ? instanceIdIn(dataDir, fresh) : fresh;
    String nodeName = nodeName(named);
    PrintWriter out = spec.commandLine().getOut();
    Path nodeDir = outputDir == null ? null : outputDir.resolve(nodeName);
    Path data = dataDir != null ? dataDir : nodeDir == null ? null : nodeDir.resolve("data");
    ByteString instanceId = data != null && dataDir == null ? instanceIdIn(data, named) : named;
    NodeLogging.configure(new NodeLogging(debug, verbose, logFile, nodeDir));
    if (ignorePromoter) {
      Logger.getLogger("lpos").info("--ignore-promoter has no effect: accepted for the original's command lines");
    }
    Recording profile = ProfileRecording.startIfAsked(profileFile);

    ServerTls serverTls = new NodeTlsOptions(tls, tlsCertificate, tlsKey, apiClientCa).serverTls(nodeName);
    if (!serverTls.enabled()) {
      spec.commandLine().getErr().println(TlsSwitch.OFF_WARNING);
    }
    Optional<DiscoveryClient> directory = discoveryTarget().map(target -> discoveryClient(target, serverTls,
        instanceId));
    NodeKeys keys = new NodeKeys(keyFile, memberIndex, membersFile);
    NodeAssembly.KeySource keySource = keys.source(directory.isPresent());
    NodeAssembly assembly;
    try {
      assembly = NodeAssembly.start(new NodeAssembly.Plan(host, port, advertise, nodeName, directory, keySource,
          Duration.ofSeconds(nameWaitSeconds),
          (key, listenPort) -> new NodeConfig(host, listenPort, advertise, nodeName, key, chainFile, fanOut,
              new ArrayList<>(peers), ConsensusConfig.defaults(), nodeDir, data, sendDelayMs)
              .withPeerLimits(peerLimits(chainFile))
              .withApiLimits(ApiLimits.defaults().withWatchers(apiMaxWatchers, apiMaxWatchersPerAddress)
                  .withCallsInFlight(apiMaxCalls))
              .withTls(serverTls, healthPort == null ? OptionalInt.empty() : OptionalInt.of(healthPort))
              .withChainName(running.name())
              .withSendPolicy(sendPolicy).withSourceAddress(Optional.ofNullable(sourceAddress)),
          chainFile, outputDir, metricsPort, nodeDir, load));
    } catch (StatusRuntimeException e) {
      throw new UserInputException(RegistrationFailure.message(e, nodeName, nameWaitSeconds,
          discoveryTarget().orElseThrow()));
    } catch (IOException e) {
      throw new UserInputException("cannot start: " + e.getMessage());
    }
    LposNode node = assembly.node();
    String advertisedHost = AdvertisedAddress.parse(advertise).host();
    out.printf("node %s listening on %s:%d as %s%n", nodeName, advertisedHost, node.port(),
        Hex.encode(assembly.key().publicKey()));
    RunParameters run = new RunParameters(nodeName, AdvertisedAddress.parse(advertise).address(node.port()), running,
        seats, byzantine, population, fanOut, sendDelayMs);
    out.println(run.describe());
    Logger.getLogger("lpos").info(run::describe);
    if (nodeDir != null) {
      run.appendTo(nodeDir, System.currentTimeMillis());
    }
    if (node.healthPort() >= 0) {
      out.printf("health (plaintext) on %s:%d%n", advertisedHost, node.healthPort());
    }
    assembly.metricsPort().ifPresent(p -> out.printf("metrics on http://%s:%d/metrics%n", advertisedHost, p));
    out.flush();

    NodeAssembly.Outcome outcome = assembly.awaitStop(timeoutSeconds);
    ProfileRecording.write(profile);
    long lastHeight = node.driver().status().height() - 1;
    if (outcome instanceof NodeAssembly.TimedOut) {
      out.printf("node %s stopped after --timeout %d s at height %d%n", nodeName, timeoutSeconds, lastHeight);
    } else if (outcome instanceof NodeAssembly.NameLost lost) {
      spec.commandLine().getErr().printf("node %s stopped: discovery gave its name to another process (%s);"
          + " two processes must never sign as one member%n", nodeName, lost.reason());
      return NAME_LOST_EXIT_CODE;
    } else if (outcome instanceof NodeAssembly.Halted halted) {
      spec.commandLine().getErr().printf("node %s halted at height %d: a consensus step failed: %s%n", nodeName,
          lastHeight, halted.cause());
      return HALTED_EXIT_CODE;
    }
    return 0;
  }

  /**
   * The node's name: {@code --name}, else {@code node-PORT}. With PORT 0 the port says nothing
   * (every such node would be {@code node-0}, and the next start binds another port), so the
   * name comes from the instance id, which is random per node and kept in the data directory: a
   * node restarted on its data directory keeps its name, hence (with {@code -l}) its member.
   */
  String nodeName(ByteString instanceId) {
    if (name != null) {
      return name;
    }
    return port != 0 ? "node-" + port : "node-" + Hex.encode(instanceId.substring(0, 4));
  }

  /** The send delay from {@code --send-delay-ms} or the original's {@code --send_delay} seconds. */
  long sendDelayMs() {
    if (sendDelayMillis != null && sendDelaySeconds != null) {
      throw new UserInputException("give --send-delay-ms or --send_delay, not both");
    }
    if (sendDelaySeconds != null) {
      if (!(sendDelaySeconds >= 0 && sendDelaySeconds <= 60)) {
        throw new UserInputException("--send_delay must be 0-60 seconds: " + sendDelaySeconds);
      }
      return Math.round(sendDelaySeconds * 1_000);
    }
    long ms = sendDelayMillis == null ? 0 : sendDelayMillis;
    if (ms < 0 || ms > 60_000) {
      throw new UserInputException("--send-delay-ms must be 0-60000 ms: " + ms);
    }
    return ms;
  }

  /** The honest policy, or the Byzantine one {@code --byzantine-mode} names (announced in the log). */
  SendPolicy.Factory sendPolicy() {
    try {
      SendPolicy.Factory policy = sendPolicies.honestOr(byzantineMode);
      if (byzantineMode != null) {
        Logger.getLogger("lpos").warning(() -> "--byzantine-mode " + byzantineMode
            + ": this node misbehaves on purpose (testing only)");
      }
      return policy;
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--byzantine-mode: " + e.getMessage());
    }
  }

  /** The discovery service's host:port, or empty with {@code --discovery none}. */
  Optional<String> discoveryTarget() {
    if (NO_DISCOVERY.equals(discovery)) {
      return Optional.empty();
    }
    if (discovery.isBlank()) {
      throw new UserInputException("--discovery needs HOST[:PORT], or none");
    }
    return Optional.of(discovery.contains(":") ? discovery : discovery + ":8123");
  }

  private static ByteString instanceIdIn(Path data, ByteString fresh) {
    try {
      return InstanceIdFile.loadOrWrite(data, fresh);
    } catch (IOException e) {
      throw new UserInputException("cannot keep the instance id in " + data + ": " + e.getMessage());
    }
  }

  private PeerLimits peerLimits(ChainFile chainFile) {
    PeerLimits defaults = NodeConfig.defaultLimits(chainFile);
    return defaults.withStreams(maxPeerStreams, maxPeerStreamsPerAddress, membersOnly)
        .withInboundBytes(defaults.memberStreamInboundBytes(), defaults.followerStreamInboundBytes(),
            (long) peerInboundMib << 20);
  }

  private void validateNumbers() {
    if (maxPeerStreams < 1 || maxPeerStreamsPerAddress < 1 || peerInboundMib < 1) {
      throw new UserInputException("--max-peer-streams, --max-peer-streams-per-address and --peer-inbound-mib must be"
          + " at least 1");
    }
    try {
      AdvertisedAddress.parse(advertise);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--advertise: " + e.getMessage());
    }
    if (port < 0 || port > 65_535) {
      throw new UserInputException("PORT must be 0-65535: " + port);
    }
    if (seats < 1) {
      throw new UserInputException("N must be at least 1: " + seats);
    }
    if (byzantine < 0 || byzantine > Quorum.maxFaulty(seats)) {
      throw new UserInputException("T = " + byzantine + " exceeds floor((N-1)/3) = " + Quorum.maxFaulty(seats)
          + " for N = " + seats);
    }
    if (population < 1 || population < byzantine) {
      throw new UserInputException("POPULATION must be at least 1 and at least T: " + population);
    }
    if (fanOut < 0) {
      throw new UserInputException("--fan-out must be 0 or more");
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65_535)) {
      throw new UserInputException("--health-port must be 0-65535: " + healthPort);
    }
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new UserInputException("--metrics-port must be 0-65535 (0 = no metrics endpoint): " + metricsPort);
    }
    if (nameWaitSeconds < 0) {
      throw new UserInputException("--name-wait must be 0 or more seconds");
    }
    if (apiMaxWatchers < 0 || apiMaxWatchersPerAddress < 0 || apiMaxCalls < 1) {
      throw new UserInputException("--api-max-watchers and --api-max-watchers-per-address must be 0 or more,"
          + " --api-max-calls at least 1");
    }
    if (timeoutSeconds < 0) {
      throw new UserInputException("--timeout must be 0 (run until stopped) or more seconds: " + timeoutSeconds);
    }
  }

  /**
   * The discovery client, registering as {@code instanceId}: the one kept in the data directory
   * (so a restart takes its name back at once) or, without one, a fresh one.
   */
  private static DiscoveryClient discoveryClient(String target, ServerTls serverTls, ByteString instanceId) {
    ClientTls tls = serverTls.enabled() ? ClientTls.acceptingAnyServer() : ClientTls.off();
    return new DiscoveryClient(target, tls, instanceId);
  }

}
