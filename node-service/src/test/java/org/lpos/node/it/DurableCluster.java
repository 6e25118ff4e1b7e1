package org.lpos.node.it;

import static org.lpos.node.it.LaunchedProcesses.status;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetSenateResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SenateSeat;

/**
 * Four node processes bootstrapped by one discovery process under {@code tx-rate}, each with a
 * fixed port and its data directory under the test's directory (the default
 * {@code OUTPUT/NAME/data}), so that a node can be killed and started again on the same port and
 * the same store. Members 0-3 hold the given stakes.
 */
final class DurableCluster {
  static final int NODES = 4;

  private final LaunchedProcesses run;
  private final Path dir;
  private final Path chainFile;
  private final int seats;
  private final List<Member> members;
  private final int[] ports = new int[NODES];
  private final Process[] processes = new Process[NODES];
  private final int[] launches = new int[NODES];
  private final List<NodeGrpc.NodeBlockingStub> clients = new ArrayList<>();
  private int discoveryPort;
  private List<String> nodeArgs = List.of();

  DurableCluster(LaunchedProcesses run, Path dir, String chainId, int seats, long[] stakes) throws Exception {
    this(run, dir, chainId, seats, stakes, List.of());
  }

  /** As above, with {@code others} also holding stake in genesis (keys that run no node here). */
  DurableCluster(LaunchedProcesses run, Path dir, String chainId, int seats, long[] stakes,
      List<GenesisBuilder.Allocation> others) throws Exception {
    this.run = run;
    this.dir = dir;
    this.seats = seats;
    this.members = MemberFiles.readMembers(LaunchedProcesses.HOME.resolve("data/members.json")).subList(0, NODES);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), stakes[i]));
    }
    allocations.addAll(others);
    this.chainFile = TestChains.write(dir, chainId, chainId, seats, allocations);
  }

  /** Starts discovery with {@code tx-rate R} and the four nodes; returns once all answer. */
  void start(int txRate) throws IOException, InterruptedException {
    start(txRate, List.of());
  }

  /** As {@link #start(int)}, every node (and every relaunch) also given {@code extraNodeArgs}. */
  void start(int txRate, List<String> extraNodeArgs) throws IOException, InterruptedException {
    nodeArgs = List.copyOf(extraNodeArgs);
    discoveryPort = run.discovery("discovery", List.of("-n", String.valueOf(seats), "-t", "1", "-m", "4", "-l", "4",
        "--fan-out", "0", "--inst", "1", "tx-rate", String.valueOf(txRate),
        "--members", LaunchedProcesses.HOME.resolve("data/members.json").toString(),
        "--output-dir", dir.resolve("discovery").toString()));
    for (int i = 0; i < NODES; i++) {
      ports[i] = LaunchedProcesses.freePort();
      clients.add(run.node(ports[i]));
      launch(i);
    }
    await("four nodes committing", 90, () -> {
      failIfAnyExited();
      return clients.stream().allMatch(c -> LaunchedProcesses.height(c) >= 2);
    }, this::heights);
  }

  /** A node that exits while the cluster starts (a refused option, say) fails at once, with its output. */
  private void failIfAnyExited() {
    for (int i = 0; i < NODES; i++) {
      if (!processes[i].isAlive()) {
        String name = "node-" + i + "-run-" + (launches[i] - 1);
        throw new AssertionError(name + " exited with status " + processes[i].exitValue() + ":\n" + run.output(name));
      }
    }
  }

  /** Starts node {@code i} again (same port, name and data directory). */
  void launch(int i) throws IOException {
    List<String> args = new ArrayList<>(List.of("node", String.valueOf(ports[i]),
        String.valueOf(seats), "1", "4", "--host", "127.0.0.1", "--discovery", "127.0.0.1:" + discoveryPort,
        "--chain", chainFile.toString(), "--fan-out", "0", "--output-dir", dir.toString(), "--name", "node-" + i));
    args.addAll(nodeArgs);
    processes[i] = run.lpos("node-" + i + "-run-" + launches[i]++, args);
  }

  /** The running process of node {@code i} (its latest launch). */
  Process process(int i) {
    return processes[i];
  }

  /** Node {@code i}'s log file (INFO and above, as the node writes it under its output directory). */
  Path nodeLog(int i) {
    return dir.resolve("node-" + i).resolve("node.log");
  }

  /** SIGKILL: no shutdown hook, no flush, nothing but what is already on disk survives. */
  void kill9(int i) throws InterruptedException {
    processes[i].destroyForcibly();
    if (!processes[i].waitFor(15, TimeUnit.SECONDS)) {
      throw new AssertionError("node-" + i + " did not die on SIGKILL");
    }
  }

  /** SIGTERM: the node stops cleanly. */
  void stop(int i) throws InterruptedException {
    LaunchedProcesses.terminate(processes[i]);
  }

  /** The chain file every node follows (its genesis names the chain a peer must prove it follows). */
  Path chainFile() {
    return chainFile;
  }

  /** The port node {@code i} serves peers and clients on. */
  int port(int i) {
    return ports[i];
  }

  NodeGrpc.NodeBlockingStub client(int i) {
    return clients.get(i);
  }

  /** The height node {@code i} is deciding, or -1 while it does not answer. */
  long height(int i) {
    return LaunchedProcesses.height(clients.get(i));
  }

  /** The highest height any node other than {@code except} is deciding. */
  long headWithout(int except) {
    long head = -1;
    for (int i = 0; i < NODES; i++) {
      if (i != except) {
        head = Math.max(head, height(i));
      }
    }
    return head;
  }

  /** The index of the node that runs as {@code member}. */
  int nodeOfMember(int member) {
    ByteString key = members.get(member).keys().publicKey();
    for (int i = 0; i < NODES; i++) {
      if (status(clients.get(i)).orElseThrow().getPublicKey().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no node runs as member " + member);
  }

  ByteString publicKey(int node) {
    return status(clients.get(node)).orElseThrow().getPublicKey();
  }

  /** Seats node {@code i} holds in the senate of the height {@code reader} is deciding. */
  int seatsOf(int i, int reader) {
    return seatsOf(publicKey(i), reader);
  }

  /** Seats {@code key} holds in the senate of the height {@code reader} is deciding. */
  int seatsOf(ByteString key, int reader) {
    GetSenateResponse senate = clients.get(reader).withDeadlineAfter(2, TimeUnit.SECONDS)
        .getSenate(GetSenateRequest.getDefaultInstance());
    return (int) senate.getSeatsList().stream().map(SenateSeat::getOwner).filter(key::equals).count();
  }

  /** The hashes of the blocks node {@code i} has committed, by height. */
  Map<Long, ByteString> hashes(int i) {
    Map<Long, ByteString> hashes = new TreeMap<>();
    long committed = height(i) - 1;
    for (long h = 1; h <= committed; h++) {
      hashes.put(h, clients.get(i).getBlock(GetBlockRequest.newBuilder().setHeight(h).build()).getHash());
    }
    return hashes;
  }

  /** The block node {@code i} committed at {@code height}. */
  CertifiedBlock block(int i, long height) {
    return clients.get(i).getBlock(GetBlockRequest.newBuilder().setHeight(height).build()).getBlock();
  }

  /** Lines of every node's logs (process output and node.log) that report equivocation evidence. */
  List<String> equivocationReports() throws IOException {
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".out")).forEach(logs::add);
    }
    for (int i = 0; i < NODES; i++) {
      Path log = dir.resolve("node-" + i).resolve("node.log");
      if (Files.isRegularFile(log)) {
        logs.add(log);
      }
    }
    List<String> found = new ArrayList<>();
    for (Path f : logs) {
      Files.readAllLines(f).stream().filter(l -> l.contains("equivocation evidence"))
          .forEach(l -> found.add(f.getFileName() + ": " + l));
    }
    return found;
  }

  /**
   * Where the live nodes stand, for a failure message: each one's height, round and step, and the
   * seats {@code away} (a stopped node's key) holds in the senate it is deciding. A senate in which
   * the stopped node holds more than f seats cannot reach a quorum without it.
   */
  String standing(ByteString away) {
    StringBuilder out = new StringBuilder(heights());
    for (int i = 0; i < NODES; i++) {
      var s = status(clients.get(i));
      if (s.isEmpty()) {
        continue;
      }
      int held;
      try {
        held = seatsOf(away, i);
      } catch (RuntimeException notAnswering) {
        held = -1;
      }
      out.append(String.format("; node-%d: height %d round %d %s, stopped node's seats %d of %d",
          i, s.get().getHeight(), s.get().getRound(), s.get().getStep(), held, seats));
    }
    return out.toString();
  }

  String heights() {
    List<Long> hs = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      hs.add(height(i));
    }
    return "(heights " + hs + ")";
  }
}
