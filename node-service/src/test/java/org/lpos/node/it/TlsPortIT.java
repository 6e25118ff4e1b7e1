package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.node.net.ClientTls;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.NodeGrpc;

/**
 * A node process's port speaks TLS 1.3 by default: a plaintext gRPC client cannot call GetStatus,
 * {@code openssl s_client -tls1_3} negotiates TLSv1.3, a client that offers only TLS 1.2 is refused in
 * the handshake, and {@code lpos status} answers over TLS;
 * with {@code --tls=off} the node says at start that it is for debugging only.
 */
class TlsPortIT {
  @Test
  void theNodePortSpeaksTls13AndRefusesPlaintext(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int port = startSoloNode(run, dir, "solo", List.of());
      NodeGrpc.NodeBlockingStub tls = run.node(port);
      await("the node to answer over TLS", 60, () -> height(tls) >= 1);

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run.node(port, ClientTls.off())
          .withDeadlineAfter(10, TimeUnit.SECONDS).getStatus(GetStatusRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());

      Process status = run.lpos("status", List.of("status", "--node", "127.0.0.1:" + port));
      assertTrue(status.waitFor(60, TimeUnit.SECONDS), "lpos status finished");
      assertEquals(0, status.exitValue(), run.output("status"));
      assertTrue(run.output("status").contains("\"height\""), run.output("status"));

      assertTrue(Tls12Client.isRefusedBy(port), "a TLS 1.2-only client completed a handshake with the node");

      assumeTrue(onPath("openssl"), "openssl is not installed: the s_client check is skipped");
      Path log = dir.resolve("openssl-s_client.txt");
      Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
          "-alpn", "h2").redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      String out;
      try {
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS), "openssl s_client finished");
        // Latin-1: s_client's dumps need not be UTF-8, and every byte must read.
        out = Files.readString(log, StandardCharsets.ISO_8859_1);
      } finally {
        openssl.destroyForcibly();
      }
      assertTrue(out.contains("New, TLSv1.3"), "s_client printed " + out.length() + " chars: " + out);
      assertTrue(out.contains("ALPN protocol: h2"), out);
    }
  }

  @Test
  void discoveryRefusesClientsOfferingOnlyTls12(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int port = run.discovery("discovery", List.of("-n", "4", "-t", "1", "-m", "4"));
      assertTrue(Tls12Client.isRefusedBy(port), "a TLS 1.2-only client completed a handshake with discovery");
    }
  }

  @Test
  void tlsOffWarnsThatItIsForDebuggingOnly(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int port = startSoloNode(run, dir, "plain", List.of("--tls=off"));
      NodeGrpc.NodeBlockingStub plaintext = run.node(port, ClientTls.off());
      await("the node to answer in plaintext", 60, () -> height(plaintext) >= 1);
      assertTrue(run.output("plain").contains("--tls=off") && run.output("plain").contains("debugging only"),
          run.output("plain"));
    }
  }

  /** Starts a one-seat node as member 0 with {@code extra} options; returns its port. */
  private static int startSoloNode(LaunchedProcesses run, Path dir, String name, List<String> extra) throws Exception {
    Member member = MemberFiles.readMembers(LaunchedProcesses.HOME.resolve("data/members.json")).get(0);
    Path chain = TestChains.write(dir, "lpos-tls-it", name, 1,
        List.of(new GenesisBuilder.Allocation(member.keys().publicKey(), 1_000_000)));
    int port = LaunchedProcesses.freePort();
    List<String> args = new ArrayList<>(List.of("node", String.valueOf(port), "1", "0", "1",
        "--host", "127.0.0.1", "--member-index", "0", "--members",
        LaunchedProcesses.HOME.resolve("data/members.json").toString(), "--chain", chain.toString(), "--name", name, "--discovery", "none"));
    args.addAll(extra);
    run.lpos(name, args);
    return port;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
