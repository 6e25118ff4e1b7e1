package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;
import org.lpos.proto.v1.WatchBlocksRequest;
import org.lpos.proto.v1.WatchBlocksResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A small wallet and inspector over a node's Node service: {@code status}, {@code balance},
 * {@code senate}, {@code block}, {@code watch}, {@code send}. Answers print as JSON (protobuf JsonFormat), the
 * same shape grpcurl shows.
 */
public final class ClientCommands {
  private ClientCommands() {}

  /** Options every client command shares. */
  static class NodeTarget {
    @Option(names = "--node", defaultValue = "127.0.0.1:7001", paramLabel = "HOST:PORT",
        description = "The node to ask (default ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--tls", defaultValue = "on", paramLabel = "on|off",
        description = "TLS to the node (default ${DEFAULT-VALUE}; off only for a node run with --tls=off).")
    TlsSwitch tls;

    @Option(names = "--cacert", paramLabel = "FILE",
        description = "Verify the node's certificate against these PEM CA certificates (default: accept any, "
            + "like grpcurl -insecure).")
    Path caCertificate;

    ManagedChannel channel() {
      if (tls == TlsSwitch.off && caCertificate != null) {
        throw new UserInputException("--cacert needs --tls=on");
      }
      return NodeChannels.open(node, ClientTls.fromFlags(tls == TlsSwitch.on, caCertificate));
    }

    <T> T call(Function<NodeGrpc.NodeBlockingStub, T> rpc) {
      ManagedChannel channel = channel();
      try {
        return rpc.apply(NodeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
      } catch (StatusRuntimeException e) {
        throw new UserInputException(node + ": " + e.getStatus().getCode()
            + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** Which member a command acts for. */
  static class Who {
    @Option(names = "--member-index", paramLabel = "I", description = "Member I of data/members.json.")
    Integer memberIndex;

    @Option(names = "--key-file", paramLabel = "FILE", description = "A key file.")
    Path keyFile;

    KeyPair key() {
      try {
        if (keyFile != null) {
          return MemberFiles.readKey(keyFile).keys();
        }
        var members = MemberFiles.readMembers(ProjectPaths.dataDir().resolve("members.json"));
        if (memberIndex < 0 || memberIndex >= members.size()) {
          throw new UserInputException("--member-index must be 0-" + (members.size() - 1));
        }
        return members.get(memberIndex).keys();
      } catch (ChainFileException e) {
        throw new UserInputException(e.getMessage());
      }
    }
  }

  static void print(PrintWriter out, MessageOrBuilder message) {
    try {
      out.println(JsonFormat.printer().print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static ByteString hex(String text, String what) {
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(what + " must be hex: " + text);
    }
  }

  /** {@code lpos status}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "A node's height, round, step, role and peers.")
  public static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();

    @Override
    public Integer call() {
      GetStatusResponse r = target.call(s -> s.getStatus(GetStatusRequest.getDefaultInstance()));
      print(spec.commandLine().getOut(), r);
      return 0;
    }
  }

  /** {@code lpos balance}. */
  @Command(name = "balance", mixinStandardHelpOptions = true, description = "A member's balance after the last block.")
  public static final class Balance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();
    @ArgGroup(exclusive = true, multiplicity = "1") Owner owner;

    static class Owner {
      @Option(names = "--owner", paramLabel = "HEX", description = "Public key in hex.") String hex;
      @Option(names = "--member-index", paramLabel = "I", description = "Member I of data/members.json.") Integer index;
    }

    @Override
    public Integer call() {
      ByteString key = owner.hex != null ? hex(owner.hex, "--owner") : memberKey(owner.index);
      GetBalanceResponse r = target.call(s -> s.getBalance(GetBalanceRequest.newBuilder().setOwner(key).build()));
      spec.commandLine().getOut().printf("%d in %d outputs at height %d%n", r.getBalance(), r.getOutputs(), r.getHeight());
      return 0;
    }
  }

  /** {@code lpos senate}. */
  @Command(name = "senate", mixinStandardHelpOptions = true, description = "The senate of the height a node is deciding.")
  public static final class Senate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();

    @Override
    public Integer call() {
      print(spec.commandLine().getOut(), target.call(s -> s.getSenate(GetSenateRequest.getDefaultInstance())));
      return 0;
    }
  }

  /** {@code lpos block}. */
  @Command(name = "block", mixinStandardHelpOptions = true, description = "A committed block with its certificate.")
  public static final class Block implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();
    @ArgGroup(exclusive = true, multiplicity = "1") Selector selector;

    static class Selector {
      @Option(names = "--height", description = "Block height.") Long height;
      @Option(names = "--hash", paramLabel = "HEX", description = "Block hash in hex.") String hash;
    }

    @Override
    public Integer call() {
      GetBlockRequest.Builder request = GetBlockRequest.newBuilder();
      if (selector.height != null) {
        request.setHeight(selector.height);
      } else {
        request.setHash(hex(selector.hash, "--hash"));
      }
      print(spec.commandLine().getOut(), target.call(s -> s.getBlock(request.build())));
      return 0;
    }
  }

  /**
   * {@code lpos watch}: WatchBlocks as one line per committed block (height, hash, transactions,
   * round), from {@code --from-height} on, until Ctrl-C or {@code --count} blocks.
   */
  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Follow a node's committed blocks, one line each (height, hash, transactions, round).")
  public static final class Watch implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();
    @Option(names = "--from-height", defaultValue = "0", paramLabel = "H",
        description = "Replay committed blocks from height H first (default 0: only new blocks).")
    long fromHeight;
    @Option(names = "--count", paramLabel = "N", description = "Stop after N blocks (default: follow until Ctrl-C).")
    Long count;

    @Override
    public Integer call() {
      if (fromHeight < 0 || (count != null && count < 1)) {
        throw new UserInputException("--from-height must be 0 or more and --count at least 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      ManagedChannel channel = target.channel();
      try {
        Iterator<WatchBlocksResponse> blocks = NodeGrpc.newBlockingStub(channel)
            .watchBlocks(WatchBlocksRequest.newBuilder().setFromHeight(fromHeight).build());
        for (long seen = 0; (count == null || seen < count) && blocks.hasNext(); seen++) {
          WatchBlocksResponse r = blocks.next();
          CertifiedBlock cb = r.getBlock();
          out.printf("height %d hash %s txs %d round %d%n", cb.getBlock().getHeader().getHeight(),
              Hex.encode(r.getHash()), cb.getBlock().getTransactionsCount(), cb.getCertificate().getRound());
          out.flush();
        }
        return 0;
      } catch (StatusRuntimeException e) {
        throw new UserInputException(target.node + ": " + e.getStatus().getCode()
            + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** {@code lpos send}: builds, signs and submits a payment from the sender's outputs. */
  @Command(name = "send", mixinStandardHelpOptions = true, description = "Pay an amount to a member or key.")
  public static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false) NodeTarget target = new NodeTarget();
    @ArgGroup(exclusive = true, multiplicity = "1") Who from;
    @ArgGroup(exclusive = true, multiplicity = "1") To to;

    @Option(names = "--amount", required = true, description = "Value to pay.") long amount;
    @Option(names = "--fee", defaultValue = "0", description = "Fee, burned (default ${DEFAULT-VALUE}).") long fee;

    static class To {
      @Option(names = "--to", paramLabel = "HEX", description = "Payee's public key in hex.") String hex;
      @Option(names = "--to-member", paramLabel = "J", description = "Member J of data/members.json.") Integer index;
    }

    @Override
    public Integer call() {
      if (amount <= 0 || fee < 0) {
        throw new UserInputException("--amount must be positive and --fee not negative");
      }
      KeyPair sender = from.key();
      ByteString payee = to.hex != null ? hex(to.hex, "--to") : memberKey(to.index);
      List<Utxo> utxos = target.call(s -> s.listUtxos(ListUtxosRequest.newBuilder().setOwner(sender.publicKey()).build()))
          .getUtxosList();
      List<Utxo> chosen = new ArrayList<>();
      long total = 0;
      for (Utxo u : utxos) {
        if (total >= amount + fee) {
          break;
        }
        chosen.add(u);
        total += u.getValue();
      }
      if (total < amount + fee) {
        throw new UserInputException("insufficient funds: " + total + " available, " + (amount + fee) + " needed");
      }
      Transaction.Builder tx = Transaction.newBuilder();
      chosen.forEach(u -> tx.addInputs(TxInput.newBuilder().setSpends(u.getRef())));
      tx.addOutputs(TxOutput.newBuilder().setValue(amount).setLock(Scripts.standardLock(payee)));
      if (total > amount + fee) {
        tx.addOutputs(TxOutput.newBuilder().setValue(total - amount - fee).setLock(Scripts.standardLock(sender.publicKey())));
      }
      String chainId = target.call(s -> s.getStatus(GetStatusRequest.getDefaultInstance())).getChainId();
      List<KeyPair> signers = chosen.stream().map(u -> sender).toList();
      Transaction signed = Transactions.sign(chainId, tx.build(), signers);
      ByteString id = target.call(s -> s.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(signed).build()))
          .getTxId();
      spec.commandLine().getOut().println("submitted " + Hex.encode(id));
      return 0;
    }
  }

  private static ByteString memberKey(int index) {
    Who who = new Who();
    who.memberIndex = index;
    return who.key().publicKey();
  }
}
