package org.lpos.discovery;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.lpos.proto.v1.MemberAssignment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code lpos discovery} command line: the original prototype's options, checked into a
 * {@link DiscoveryConfig}, then a server that runs until SIGTERM or {@code --timeout}. Bad input
 * is one line on stderr and exit code 2, so scripts and operators see the cause, not a trace.
 */
@Command(
    name = "lpos discovery",
    mixinStandardHelpOptions = true,
    version = "lpos discovery 0.1.0",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "The bootstrap service of an LPOS network or experiment (PROTOCOL.md section 9).",
      "",
      "Nodes register their key, address and name, signed with their key, and get a random "
          + "sample of --fan-out live peers; a name belongs to the key and process that holds it "
          + "until its lease ends (they heartbeat within --lease-seconds). With -l L each new node "
          + "name is assigned the index of one of the first L members of the members file (the "
          + "same name always gets the same member); the node loads that member's key from its "
          + "own members file; discovery never sends a secret. "
          + "When M node names have registered, the "
          + "--inst instruction is streamed once to every watching node; if they have not within "
          + "--start-deadline-seconds of the first, the server exits with status 1. N and T "
          + "describe the experiment and are recorded in the output. Without -n -t -m it only "
          + "registers nodes and serves peer samples. Prints 'discovery listening on HOST:PORT'; "
          + "serves gRPC health and reflection; stops cleanly on SIGTERM or after --timeout.",
      "",
      "Example: lpos discovery -n 4 -t 1 -m 4 -l 4 --inst 5 tx-rate 2 --output-dir out/discovery",
      "The original's gumby line: lpos discovery -n 1 -t 0 -m 40 -l 100 --fan-out 5 "
          + "--output_dir out/d --inst 30 tx-n-outputs 20",
      ""
    })
public final class DiscoveryCommand implements Callable<Integer> {
  private static final String PREFIX = "lpos discovery: ";
  private static final long DEADLINE_CHECK_MILLIS = 1_000;

  @Spec private CommandSpec spec;

  @Option(names = "--port", defaultValue = "8123", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "H",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "-n", paramLabel = "N",
      description = "Senate seats, N >= 1. -n, -t and -m go together (all or none); --inst needs them.")
  private Integer senateSeats;

  @Option(names = "-t", paramLabel = "T", description = "Byzantine nodes, 0 <= T <= floor((N-1)/3).")
  private Integer byzantine;

  @Option(names = "-m", paramLabel = "M",
      description = "Node names to wait for before sending the instruction, M >= 1.")
  private Integer expected;

  @Option(names = {"-l", "--load_member"}, defaultValue = "0", paramLabel = "L",
      description = "Preload: hand the first L members of the members file to nodes in the order "
          + "they connect, by index; a node name keeps its member (default: 0, off). Only their "
          + "public keys are read.")
  private int preload;

  @Option(names = "--members", paramLabel = "FILE",
      description = "Members file (default: data/members.json under LPOS_HOME or the working dir).")
  private Path membersFile;

  @Option(names = "--fan-out", defaultValue = "0", paramLabel = "K",
      description = "Peers per sample, at most 100; 0 = all, up to 100 (default: ${DEFAULT-VALUE}).")
  private int fanOut;

  @Option(names = "--max-names", paramLabel = "N",
      defaultValue = "" + DiscoveryLimits.DEFAULT_MAX_NAMES,
      description = "Most live node names at once (default: ${DEFAULT-VALUE}).")
  private int maxNames;

  @Option(names = "--max-names-per-source", paramLabel = "N",
      defaultValue = "" + DiscoveryLimits.DEFAULT_MAX_NAMES_PER_SOURCE,
      description = "Most live node names of one remote address (default: ${DEFAULT-VALUE}).")
  private int maxNamesPerSource;

  @Option(names = "--registrations-per-second", paramLabel = "R",
      defaultValue = "" + DiscoveryLimits.DEFAULT_REGISTRATIONS_PER_SECOND,
      description = "Register and ClaimMember calls per second from one remote address, bursts of "
          + "2R (default: ${DEFAULT-VALUE}).")
  private int registrationsPerSecond;

  @Option(names = "--max-clock-skew-seconds", paramLabel = "S",
      defaultValue = "" + DiscoveryLimits.DEFAULT_MAX_CLOCK_SKEW_SECONDS,
      description = "How far a registration's signed timestamp may be from this server's clock "
          + "(default: ${DEFAULT-VALUE}).")
  private int maxClockSkewSeconds;

  @Option(names = "--lease-seconds", defaultValue = "30", paramLabel = "S",
      description = "A node silent this long drops out of samples (default: ${DEFAULT-VALUE}).")
  private int leaseSeconds;

  @Option(names = {"--output-dir", "--output_dir"}, paramLabel = "DIR",
      description = "Write discovery.log and registrations.csv here.")
  private Path outputDir;

  @Option(names = "--inst", arity = "2..3", paramLabel = "DELAY EXPERIMENT [PARAM]",
      hideParamSyntax = true,
      description = "Instruction: start after DELAY s; EXPERIMENT is bootstrap-only, tx-rate R, "
          + "tx-rate-random R or tx-n-outputs K (the original's), or load-rate R or load-closed [W] "
          + "(benchmarks). Without it nothing is sent.")
  private List<String> instruction;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after this long.")
  private Long timeoutSeconds;

  @Option(names = "--start-deadline-seconds", defaultValue = "120", paramLabel = "S",
      description = "With --inst: exit with status 1 when M nodes have not registered S seconds "
          + "after the first, as the original did; 0 waits forever (default: ${DEFAULT-VALUE}).")
  private int startDeadlineSeconds;

  @Option(names = "--metrics-port", defaultValue = "0", paramLabel = "PORT",
      description = "Serve Prometheus metrics on http://H:PORT/metrics, bound to --host "
          + "(0, the default, serves none).")
  private int metricsPort;

  @Option(names = "--tls", defaultValue = "on", paramLabel = "on|off",
      description = "TLS 1.3 with a self-signed certificate (default ${DEFAULT-VALUE}); off is for "
          + "debugging only.")
  private String tls;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "Also serve gRPC health alone, in plaintext, on this port (for Kubernetes probes, "
          + "which cannot speak TLS; default: none).")
  private Integer healthPort;

  @Option(names = "-d", description = "Debug: log every request on stderr.")
  private boolean debug;

  @Option(names = "-v", description = "Verbose: log registrations and the instruction on stderr.")
  private boolean verbose;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  private DiscoveryCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /** Parses {@code args}, runs the server to its end and returns the process exit code. */
  public static int run(
      String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new DiscoveryCommand(out, err, environment));
    commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
    commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
    commandLine.setParameterExceptionHandler((e, ignored) -> {
      err.println(PREFIX + oneLine(e.getMessage()) + " (see --help)");
      return 2;
    });
    commandLine.setExecutionExceptionHandler((e, ignored, parsed) -> {
      err.println(PREFIX + oneLine(String.valueOf(e)));
      return 1;
    });
    return commandLine.execute(args);
  }

  /**
   * Parses {@code args} as {@link #run} would, without running anything: deployment checks use
   * it so the arguments in the Kubernetes manifests and the image cannot drift from the options.
   *
   * @throws ParameterException when picocli rejects the arguments
   */
  public static CommandLine.ParseResult parse(String... args) {
    return new CommandLine(new DiscoveryCommand(System.out, System.err, Map.of())).parseArgs(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    DiscoveryConfig config = config();
    boolean tlsOn = tlsOn();
    if (!tlsOn) {
      err.println(DiscoveryTls.OFF_WARNING);
    }
    List<MemberAssignment> members = members(config);
    DiscoveryJournal journal;
    try {
      journal = DiscoveryJournal.open(config.outputDir(), config.verbosity(), err, Clock.systemUTC());
    } catch (IOException e) {
      throw bad("--output-dir: cannot write " + outputDir + ": " + e.getMessage());
    }
    journal.started(config);
    DiscoveryService service = DiscoveryService.create(
        config, members, journal, () -> System.nanoTime() / 1_000_000, System::currentTimeMillis,
        new SecureRandom());
    DiscoveryMetrics metrics = new DiscoveryMetrics(service);
    DiscoveryServer server;
    try {
      server = DiscoveryServer.start(
          DiscoveryServer.nettyBuilder(config.host(), config.port(), DiscoveryTls.credentials(tlsOn))
              .intercept(metrics.grpcServerInterceptor()), service, journal);
    } catch (IOException e) {
      journal.close();
      err.println(PREFIX + "cannot listen on " + hostPort(config.host(), config.port()) + ": "
          + oneLine(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
      return 1;
    }
    String bound = hostPort(config.host(), server.port());
    out.println("discovery listening on " + bound);
    if (healthPort != null) {
      try {
        int healthBound = server.serveHealth(config.host(), healthPort);
        out.println("discovery health (plaintext) on " + hostPort(config.host(), healthBound));
      } catch (IOException e) {
        server.stop();
        err.println(PREFIX + "cannot serve health on " + hostPort(config.host(), healthPort) + ": "
            + oneLine(e.getMessage()));
        return 1;
      }
    }
    if (metricsPort != 0) {
      try {
        int port = metrics.serve(config.host(), metricsPort);
        out.println("discovery metrics on http://" + hostPort(config.host(), port) + "/metrics");
      } catch (IOException e) {
        server.stop();
        metrics.close();
        err.println(PREFIX + "cannot serve metrics on " + hostPort(config.host(), metricsPort) + ": "
            + oneLine(e.getMessage()));
        return 1;
      }
    }
    out.flush();
    journal.listening(bound);
    Thread hook = new Thread(() -> {
      server.stop();
      metrics.close();
    }, "discovery-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    AtomicReference<String> deadlineMissed = new AtomicReference<>();
    ScheduledExecutorService deadlineCheck = config.startDeadlineMillis().isPresent()
        ? watchStartDeadline(service, journal, server, deadlineMissed) : null;
    if (config.timeoutSeconds().isPresent()) {
      server.awaitTermination(config.timeoutSeconds().getAsLong() * 1000);
    } else {
      server.awaitTermination();
    }
    if (deadlineCheck != null) {
      deadlineCheck.shutdownNow();
    }
    server.stop();
    metrics.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // SIGTERM already started the JVM's shutdown; the hook is doing the same stop.
    }
    if (deadlineMissed.get() != null) {
      err.println(PREFIX + deadlineMissed.get());
      return 1;
    }
    return 0;
  }

  /**
   * Checks the start deadline every second (the original checked every 5 s) and stops the server
   * when it is missed, recording why in {@code missed}.
   */
  private static ScheduledExecutorService watchStartDeadline(
      DiscoveryService service, DiscoveryJournal journal, DiscoveryServer server,
      AtomicReference<String> missed) {
    ScheduledExecutorService check = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "discovery-start-deadline");
      thread.setDaemon(true);
      return thread;
    });
    check.scheduleWithFixedDelay(() -> service.startDeadlineMissed().ifPresent(reason -> {
      missed.set(reason);
      journal.startDeadlineMissed(reason);
      check.shutdown();
      server.stop();
    }), DEADLINE_CHECK_MILLIS, DEADLINE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    return check;
  }

  private DiscoveryConfig config() {
    if (debug && verbose) {
      throw bad("-d and -v are exclusive");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw bad("--metrics-port must be 0-65535 (0 serves no metrics), got " + metricsPort);
    }
    Optional<ExperimentSize> size = experimentSize();
    if (instruction != null && (instruction.size() < 2 || instruction.size() > 3)) {
      throw bad("--inst takes DELAY EXPERIMENT [PARAM] once");
    }
    try {
      Optional<InstructionPlan> plan = Optional.ofNullable(instruction)
          .map(words -> InstructionPlan.parse(words.get(0), words.get(1),
              words.size() == 3 ? Optional.of(words.get(2)) : Optional.empty()));
      return new DiscoveryConfig(
          host, port, size, preload,
          membersFile != null ? membersFile : PreloadedMembers.defaultFile(environment),
          fanOut, leaseSeconds, Optional.ofNullable(outputDir), plan,
          timeoutSeconds == null ? OptionalLong.empty() : OptionalLong.of(timeoutSeconds),
          startDeadlineSeconds, debug ? Verbosity.DEBUG : verbose ? Verbosity.VERBOSE : Verbosity.QUIET,
          new DiscoveryLimits(maxNames, maxNamesPerSource, registrationsPerSecond, maxClockSkewSeconds));
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /** -n -t -m, all or none, as the original's command line; a partial set is a mistake. */
  private Optional<ExperimentSize> experimentSize() {
    List<String> missing = new ArrayList<>();
    if (senateSeats == null) {
      missing.add("-n");
    }
    if (byzantine == null) {
      missing.add("-t");
    }
    if (expected == null) {
      missing.add("-m");
    }
    if (missing.size() == 3) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw bad("-n, -t and -m go together (all or none): missing " + String.join(", ", missing));
    }
    try {
      return Optional.of(new ExperimentSize(senateSeats, byzantine, expected));
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private boolean tlsOn() {
    if (!tls.equals("on") && !tls.equals("off")) {
      throw bad("--tls must be on or off, got " + tls);
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw bad("--health-port must be 0-65535, got " + healthPort);
    }
    return tls.equals("on");
  }

  private List<MemberAssignment> members(DiscoveryConfig config) {
    if (config.preload() == 0) {
      return List.of();
    }
    try {
      return PreloadedMembers.load(config.membersFile(), config.preload());
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
