package org.lpos.node.it;

import static org.lpos.testing.Eventually.await;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lpos.lab.cli.LoopbackPorts;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;

/**
 * The processes and channels of one integration test: starts the packaged {@code lpos.jar} and
 * {@code lpos-discovery.jar} (paths from failsafe's {@code lpos.jar} and {@code lpos.home}) with
 * their output in a file each, opens gRPC clients on 127.0.0.1, polls conditions with a deadline,
 * and on {@link #close} stops every process it started (SIGTERM, then SIGKILL) and every channel.
 */
final class LaunchedProcesses implements AutoCloseable {
  private static final LoopbackPorts PORTS = new LoopbackPorts();
  static final Path HOME = Path.of(System.getProperty("lpos.home", ".."));
  static final Path LPOS_JAR = Path.of(System.getProperty("lpos.jar", "target/lpos.jar"));
  static final Path DISCOVERY_JAR = HOME.resolve("discovery-service/target/lpos-discovery.jar");
  private static final Pattern DISCOVERY_LISTENING = Pattern.compile("discovery listening on [^\\s]*:(\\d+)");

  /** JVM options of the processes the tests start unless a test sets its own. */
  static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private final Path logDir;
  private final List<String> jvmOptions;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> byName = new LinkedHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** Processes whose output goes to {@code logDir/NAME.out}. */
  LaunchedProcesses(Path logDir) {
    this(logDir, TEST_JVM_OPTIONS);
  }

  /** Processes started with {@code jvmOptions} (heap limits, say) instead of the tests' defaults. */
  LaunchedProcesses(Path logDir, List<String> jvmOptions) {
    this.logDir = logDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    System.out.println("processes' output in " + logDir + " (kept if the test fails)");
  }

  /** A port free on 127.0.0.1 right now and not handed out before (for processes that must know their port before binding). */
  static int freePort() {
    try {
      return PORTS.next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code lpos ARGS} as process {@code name}. */
  Process lpos(String name, List<String> args) throws IOException {
    return java(name, LPOS_JAR, args);
  }

  /** Starts the discovery service with {@code args} plus an ephemeral port; returns the port it bound. */
  int discovery(String name, List<String> args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
    all.addAll(args);
    return discoveryAsWritten(name, all);
  }

  /** Starts the discovery service with exactly {@code args}; returns the port it bound. */
  int discoveryAsWritten(String name, List<String> args) throws IOException, InterruptedException {
    if (!Files.isRegularFile(DISCOVERY_JAR)) {
      throw new AssertionError(DISCOVERY_JAR + " is missing: discovery-service must be packaged before"
          + " node-service's integration tests run (node-service has a test-scoped ordering dependency on it)");
    }
    Process p = java(name, DISCOVERY_JAR, args);
    int[] port = {-1};
    await("discovery to listen (" + logOf(name) + ")", 30, () -> {
      Optional<Matcher> m = output(name).lines().map(DISCOVERY_LISTENING::matcher).filter(Matcher::find).findFirst();
      m.ifPresent(found -> port[0] = Integer.parseInt(found.group(1)));
      if (!p.isAlive() && port[0] < 0) {
        throw new AssertionError("discovery exited with " + p.exitValue() + ": " + output(name));
      }
      return port[0] > 0;
    });
    return port[0];
  }

  /** Starts any other program (a command line) as process {@code name}, stopped with the rest. */
  Process program(String name, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logOf(name).toFile()).start();
    processes.add(p);
    byName.put(name, p);
    return p;
  }

  /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
  static int terminate(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + p.pid() + " did not stop within 15 s of SIGTERM");
    }
    return p.exitValue();
  }

  /** A Node client on 127.0.0.1:{@code port} over TLS, closed with this object. */
  NodeGrpc.NodeBlockingStub node(int port) {
    return node(port, ClientTls.acceptingAnyServer());
  }

  /** A Node client on 127.0.0.1:{@code port} dialled with {@code tls}, closed with this object. */
  NodeGrpc.NodeBlockingStub node(int port, ClientTls tls) {
    ManagedChannel ch = NodeChannels.open("127.0.0.1", port, tls);
    channels.add(ch);
    return NodeGrpc.newBlockingStub(ch);
  }

  /** The node's status, or empty while it does not answer (not up yet, or stopped). */
  static Optional<GetStatusResponse> status(NodeGrpc.NodeBlockingStub node) {
    try {
      return Optional.of(node.withDeadlineAfter(2, TimeUnit.SECONDS).getStatus(GetStatusRequest.getDefaultInstance()));
    } catch (RuntimeException notAnswering) {
      return Optional.empty();
    }
  }

  /** The height a node is deciding, or -1 while it does not answer. */
  static long height(NodeGrpc.NodeBlockingStub node) {
    return status(node).map(GetStatusResponse::getHeight).orElse(-1L);
  }

  /** The process id of launched process {@code name}, while it runs. */
  Optional<Long> pid(String name) {
    return Optional.ofNullable(byName.get(name)).filter(Process::isAlive).map(Process::pid);
  }

  /** What process {@code name} has printed so far. */
  String output(String name) {
    try {
      return Files.readString(logOf(name));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * For a failure message: each launched process, whether it still runs (or its exit code), and
   * the last {@code lines} lines it printed.
   */
  String tails(int lines) {
    StringBuilder out = new StringBuilder();
    byName.forEach((name, p) -> {
      List<String> all = output(name).lines().toList();
      out.append("\n--- ").append(name).append(p.isAlive() ? " (running)" : " (exited " + p.exitValue() + ")")
          .append(", last lines:\n");
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append("  ").append(l).append('\n'));
    });
    return out.toString();
  }

  private Path logOf(String name) {
    return logDir.resolve(name + ".out");
  }

  private Process java(String name, Path jar, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logOf(name).toFile());
    // As the ./lpos launcher does: commands that start other processes find the jars and data here.
    pb.environment().put("LPOS_HOME", HOME.toAbsolutePath().normalize().toString());
    Process p = pb.start();
    processes.add(p);
    byName.put(name, p);
    return p;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    processes.forEach(Process::destroy);
    try {
      for (Process p : processes) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      // No process may outlive the test: kill the rest at once and keep the interrupt for the caller.
      processes.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }
}
