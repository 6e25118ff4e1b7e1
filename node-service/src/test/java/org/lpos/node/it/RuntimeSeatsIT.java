package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.ChainVerifier;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.SeatTemplate;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;

/**
 * N at run time on a shipped template, with real processes: nodes started with {@code --chain
 * 10_rich_man} and different N refuse each other, each saying both N in its log; nodes with the
 * same N derive the same genesis and commit the same block. No discovery ({@code --discovery
 * none}, peers by {@code --peer}), so the refusal is the handshake's alone.
 */
class RuntimeSeatsIT {
  private static final Path MEMBERS = LaunchedProcesses.HOME.resolve("data/members.json");

  @Test
  void nodesWithDifferentNRefuseEachOtherNamingBothN(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int four = LaunchedProcesses.freePort();
      int one = LaunchedProcesses.freePort();
      start(run, dir, "n4", four, 4, 0, one);
      start(run, dir, "n1", one, 1, 1, four);
      String fourSays = "peer runs 10_rich_man with N=1, this node runs 10_rich_man with N=4";
      String oneSays = "peer runs 10_rich_man with N=4, this node runs 10_rich_man with N=1";
      await("both nodes to log the refusal naming both N", 60,
          () -> log(dir, "n4").contains(fourSays) && log(dir, "n1").contains(oneSays),
          () -> "\nn4: " + log(dir, "n4") + "\nn1: " + log(dir, "n1"));
      assertTrue(run.output("n4").contains(fourSays), "a warning on the console too: " + run.output("n4"));
      assertTrue(run.output("n1").contains(oneSays), "a warning on the console too: " + run.output("n1"));
      NodeGrpc.NodeBlockingStub a = run.node(four);
      NodeGrpc.NodeBlockingStub b = run.node(one);
      // Block 1 of the template, certified again under each N, links to each N's own genesis.
      assertNotEquals(a.getBlock(GetBlockRequest.newBuilder().setHeight(1).build()).getHash(),
          b.getBlock(GetBlockRequest.newBuilder().setHeight(1).build()).getHash(), "two chains");
    }
  }

  @Test
  void nodesWithTheSameNDeriveOneGenesisAndCommitTheSameBlock(@TempDir Path dir) throws Exception {
    int senator = senatorOfHeightTwoWithOneSeat();
    int other = senator == 0 ? 1 : 0;
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int p = LaunchedProcesses.freePort();
      int q = LaunchedProcesses.freePort();
      start(run, dir, "senator", p, 1, senator, q);
      start(run, dir, "follower", q, 1, other, p);
      NodeGrpc.NodeBlockingStub a = run.node(p);
      NodeGrpc.NodeBlockingStub b = run.node(q);
      await("both nodes answering", 60, () -> height(a) >= 2 && height(b) >= 2);
      // A proposer of round 0 waits for a transaction, as the original's leader did.
      submitPayment(b, other, senator);
      await("block 2 committed on both nodes", 90, () -> height(a) >= 3 && height(b) >= 3,
          () -> "heights " + height(a) + ", " + height(b) + "\n" + log(dir, "senator"));
      for (long h = 1; h <= 2; h++) {
        GetBlockRequest at = GetBlockRequest.newBuilder().setHeight(h).build();
        assertEquals(a.getBlock(at).getHash(), b.getBlock(at).getHash(), "height " + h);
      }
      assertTrue(Files.readString(dir.resolve("senator").resolve("run.csv")).contains(",10_rich_man,true,"),
          "run.csv records the template");
    }
  }

  /** Member {@code from} pays member {@code to} 10 of its 100,000 from block 1, through {@code node}. */
  private static void submitPayment(NodeGrpc.NodeBlockingStub node, int from, int to) throws Exception {
    List<Member> members = MemberFiles.readMembers(MEMBERS);
    KeyPair payer = members.get(from).keys();
    Utxo source = node.listUtxos(ListUtxosRequest.newBuilder().setOwner(payer.publicKey()).build()).getUtxos(0);
    Transaction tx = Transactions.sign("lpos-local", Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
        .addOutputs(TxOutput.newBuilder().setValue(10)
            .setLock(Scripts.standardLock(members.get(to).keys().publicKey())))
        .addOutputs(TxOutput.newBuilder().setValue(source.getValue() - 10)
            .setLock(Scripts.standardLock(payer.publicKey())))
        .build(), List.of(payer));
    node.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
  }

  /** Starts member {@code member} on 10_rich_man with N = {@code seats}, dialling {@code peerPort}. */
  private static void start(LaunchedProcesses run, Path dir, String name, int port, int seats, int member,
      int peerPort) throws IOException {
    run.lpos(name, new ArrayList<>(List.of("node", String.valueOf(port), String.valueOf(seats), "0", "2",
        "--host", "127.0.0.1", "--discovery", "none", "--chain", "10_rich_man", "--members", MEMBERS.toString(),
        "--member-index", String.valueOf(member), "--peer", "127.0.0.1:" + peerPort, "--output-dir", dir.toString(),
        "--name", name)));
  }

  /** The member holding the single seat at height 2 of 10_rich_man derived with N = 1. */
  private static int senatorOfHeightTwoWithOneSeat() throws Exception {
    List<Member> members = MemberFiles.readMembers(MEMBERS);
    Map<ByteString, KeyPair> keys = new LinkedHashMap<>();
    members.forEach(m -> keys.put(m.keys().publicKey(), m.keys()));
    var chain = SeatTemplate.withSeats(ChainFiles.read(LaunchedProcesses.HOME.resolve("data/chain_10_rich_man.json")),
        1, keys);
    ByteString seat = ChainVerifier.verify(chain).state().nextSenate().senators().get(0);
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).keys().publicKey().equals(seat)) {
        System.out.println("height 2 senator with N=1: member " + i);
        return i;
      }
    }
    throw new AssertionError("the senator is not a shipped member");
  }

  private static String log(Path dir, String name) {
    try {
      return Files.readString(dir.resolve(name).resolve("node.log"));
    } catch (IOException notYet) {
      return "";
    }
  }
}
