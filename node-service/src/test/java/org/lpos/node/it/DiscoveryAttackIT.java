package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.lab.attack.DiscoveryNameFlood;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.RegisterRequest;

/**
 * Attacks on the discovery service of a real cluster (one discovery process with {@code -l},
 * four node processes that take members 0-3 from it): 100,000 junk names and takeovers of a
 * live name, and the same member started in a second process. Each asserts the cluster keeps
 * committing and the attack gets nothing: no response over {@code 64 KiB}, no takeover, no
 * second process signing as a member.
 */
class DiscoveryAttackIT {
  private static final String CHAIN_ID = "lpos-discovery-attack-it";
  private static final int NODES = 4;
  /** The bound the discovery service keeps every response under (DiscoveryLimits.MAX_RESPONSE_BYTES). */
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int JUNK_NAMES = 100_000;

  /** Discovery with -l {@code preload} and four nodes registered through it as node-0..3. */
  private record Cluster(int discoveryPort, List<Process> nodes, List<NodeGrpc.NodeBlockingStub> clients,
      Path membersFile, Path chainFile) {
    long minHeight() {
      return clients.stream().mapToLong(LaunchedProcesses::height).min().orElseThrow();
    }

    String heights() {
      return "(heights " + clients.stream().map(c -> String.valueOf(height(c))).toList() + ")";
    }
  }

  private static Cluster start(LaunchedProcesses run, Path dir, int preload) throws Exception {
    Path membersFile = LaunchedProcesses.HOME.resolve("data/members.json");
    List<Member> members = MemberFiles.readMembers(membersFile).subList(0, NODES);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    members.forEach(m -> allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000)));
    Path chainFile = TestChains.write(dir, CHAIN_ID, "discovery-attack-it", NODES, allocations);
    int discoveryPort = run.discovery("discovery", List.of("-n", "4", "-t", "1", "-m", "4", "-l",
        String.valueOf(preload), "--fan-out", "0", "--lease-seconds", "6", "--inst", "1", "tx-rate", "10",
        "--members", membersFile.toString(), "--output-dir", dir.resolve("discovery").toString()));
    List<Process> nodes = new ArrayList<>();
    List<NodeGrpc.NodeBlockingStub> clients = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      int port = LaunchedProcesses.freePort();
      nodes.add(run.lpos("node-" + i, List.of("node", String.valueOf(port), "4", "1", "4",
          "--host", "127.0.0.1", "--discovery", "127.0.0.1:" + discoveryPort, "--chain", chainFile.toString(),
          "--members", membersFile.toString(), "--fan-out", "0", "--output-dir", dir.toString(),
          "--name", "node-" + i)));
      clients.add(run.node(port));
    }
    Cluster cluster = new Cluster(discoveryPort, nodes, clients, membersFile, chainFile);
    await("height 3 on every node", 90, () -> cluster.minHeight() >= 3, cluster::heights);
    return cluster;
  }

  @Test
  void aHundredThousandJunkNamesAndTakeoversGetNothingAndCommitsGoOn(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Cluster cluster = start(run, dir, NODES + 1);
      long before = cluster.minHeight();

      // From 127.0.0.2, so the per-source limits tell the attacker from the nodes on 127.0.0.1.
      DiscoveryNameFlood.Report report = new DiscoveryNameFlood(new DiscoveryNameFlood.Config(
          "127.0.0.1:" + cluster.discoveryPort(), JUNK_NAMES, "node-0", Optional.of("127.0.0.2"),
          Duration.ofMinutes(5), ClientTls.acceptingAnyServer())).run();
      System.out.println(report.summary());
      System.out.println("discovery " + rss(run, "discovery"));

      await("three more heights on every node after the flood", 60,
          () -> cluster.minHeight() >= before + 3, cluster::heights);
      long discoveryLog = Files.size(dir.resolve("discovery/discovery.log"));
      assertAll(
          () -> assertTrue(report.preloading(), "the server preloads (-l)"),
          () -> assertEquals(2L * JUNK_NAMES, report.junkSent(), "every junk name was tried (claim + register)"),
          () -> assertEquals(0, report.takeovers(), "takeovers of node-0: " + report.takeoverStatuses()),
          () -> assertEquals("INVALID_ARGUMENT,ALREADY_EXISTS,UNAUTHENTICATED", report.takeoverStatuses(),
              "anonymous, another key, forged signature"),
          () -> assertTrue(report.largestResponseBytes() <= MAX_RESPONSE_BYTES, report.summary()),
          () -> assertTrue(Set.of(Status.Code.RESOURCE_EXHAUSTED, Status.Code.PERMISSION_DENIED)
              .containsAll(report.refusals().keySet()), "refusals: " + report.refusals()),
          () -> assertTrue(discoveryLog < 1024 * 1024, "discovery.log grew to " + discoveryLog + " bytes"),
          () -> assertTrue(cluster.nodes().stream().allMatch(Process::isAlive), "every node still runs"),
          () -> assertFalse(Stream.of(0, 1, 2, 3).anyMatch(i -> run.output("node-" + i).contains("gave its name")),
              "a node lost its name"));

      // A real node on 127.0.0.1 still gets the free member and registers with its own key file.
      ManagedChannel channel = NodeChannels.open("127.0.0.1", cluster.discoveryPort(), ClientTls.acceptingAnyServer());
      try {
        DiscoveryGrpc.DiscoveryBlockingStub discovery =
            DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        int index = discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName("late").build())
            .getAssignment().getIndex();
        assertEquals(NODES, index);
        byte[] instance = new byte[RegistrationProof.INSTANCE_ID_BYTES];
        new SecureRandom().nextBytes(instance);
        RegisterRequest late = RegistrationProof.sign(MemberFiles.readMembers(cluster.membersFile()).get(index).keys(),
            RegisterRequest.newBuilder().setNodeName("late").setAddress("127.0.0.1:1")
                .setInstanceId(ByteString.copyFrom(instance))
                .setTimestampMs(System.currentTimeMillis()).build());
        assertEquals(NODES, discovery.register(late).getPeersCount(), "the late node sees the four live nodes");
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSameMemberInASecondProcessIsRefusedAndNeverSigns(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Cluster cluster = start(run, dir, NODES);
      // Members go to names in order of registration: find the one node-0 runs as.
      ByteString node0Key = LaunchedProcesses.status(cluster.clients().get(0)).orElseThrow().getPublicKey();
      List<Member> members = MemberFiles.readMembers(cluster.membersFile());
      int member = Stream.iterate(0, i -> i + 1).limit(NODES)
          .filter(i -> members.get(i).keys().publicKey().equals(node0Key)).findFirst().orElseThrow();
      // Same name, so discovery assigns the same member; then that member by index under another name.
      Process sameName = run.lpos("second-node-0", List.of("node", String.valueOf(LaunchedProcesses.freePort()),
          "4", "1", "4", "--host", "127.0.0.1", "--discovery", "127.0.0.1:" + cluster.discoveryPort(),
          "--chain", cluster.chainFile().toString(), "--members", cluster.membersFile().toString(),
          "--output-dir", dir.resolve("second").toString(), "--name", "node-0", "--name-wait", "2"));
      Process sameMember = run.lpos("member-0-again", List.of("node", String.valueOf(LaunchedProcesses.freePort()),
          "4", "1", "4", "--host", "127.0.0.1", "--discovery", "127.0.0.1:" + cluster.discoveryPort(),
          "--chain", cluster.chainFile().toString(), "--members", cluster.membersFile().toString(),
          "--member-index", String.valueOf(member), "--output-dir", dir.resolve("again").toString(),
          "--name", "intruder",
          "--name-wait", "2"));
      assertTrue(sameName.waitFor(60, TimeUnit.SECONDS), "the second node-0 did not exit");
      assertTrue(sameMember.waitFor(60, TimeUnit.SECONDS), "the second member " + member + " did not exit");
      long before = cluster.minHeight();
      await("three more heights on every node", 60, () -> cluster.minHeight() >= before + 3, cluster::heights);

      String sameNameOut = run.output("second-node-0");
      String sameMemberOut = run.output("member-0-again");
      System.out.println("second node-0: " + sameNameOut.strip());
      System.out.println("member " + member + " as intruder: " + sameMemberOut.strip());
      assertAll(
          () -> assertNotEquals(0, sameName.exitValue()),
          () -> assertTrue(sameNameOut.contains("discovery refused node_name 'node-0'")
              && sameNameOut.contains("held by another process with the same key"), sameNameOut),
          () -> assertNotEquals(0, sameMember.exitValue()),
          () -> assertTrue(sameMemberOut.contains("member " + member + " runs as node_name 'node-0'"), sameMemberOut),
          () -> assertFalse(sameNameOut.contains("listening on") || sameMemberOut.contains("listening on"),
              "a second process started a node"),
          () -> assertEquals(List.of(), signerFiles(dir.resolve("second")), "the second node-0 signed"),
          () -> assertEquals(List.of(), signerFiles(dir.resolve("again")), "the intruder signed"),
          () -> assertFalse(Stream.of(0, 1, 2, 3).anyMatch(i -> run.output("node-" + i).contains("equivocation")),
              "an honest node saw equivocation evidence"));
    }
  }

  private static List<Path> signerFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("signer")).toList();
    }
  }

  /** The VmRSS line of a launched process, for the record. */
  private static String rss(LaunchedProcesses run, String name) {
    return run.pid(name).map(pid -> {
      try {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS unknown").replaceAll("\\s+", " ");
      } catch (IOException e) {
        return "VmRSS unreadable";
      }
    }).orElse("not running");
  }
}
