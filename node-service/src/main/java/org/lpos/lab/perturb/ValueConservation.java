package org.lpos.lab.perturb;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.lpos.chain.model.Scripts;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * Whether a running cluster still holds exactly the value its genesis created: on each node, the
 * balances of every genesis owner, read at one height, sum to the genesis total. The workloads
 * pay only members, who all own genesis outputs, and pay no fees, so nothing may appear or vanish.
 */
public final class ValueConservation {
  private static final Logger LOG = Logger.getLogger(ValueConservation.class.getName());
  /** Reads of all balances tried per node before giving up on one height (the chain moves on meanwhile). */
  static final int ATTEMPTS = 20;

  private ValueConservation() {}

  /** The genesis outputs' total by owner. */
  public static Map<ByteString, Long> genesisBalances(ChainFile chain) {
    Map<ByteString, Long> balances = new LinkedHashMap<>();
    for (Transaction tx : chain.getBlocks(0).getBlock().getTransactionsList()) {
      for (TxOutput o : tx.getOutputsList()) {
        Scripts.standardOwner(o.getLock()).ifPresent(owner -> balances.merge(owner, o.getValue(), Long::sum));
      }
    }
    return balances;
  }

  /**
   * Checks every node serving the Node API on 127.0.0.1:{@code ports}: true when each one that
   * answered summed to the genesis total, false when one did not, empty when none could be read.
   */
  public static Optional<Boolean> check(List<Integer> ports, ClientTls tls, ChainFile chain) {
    Map<ByteString, Long> genesis = genesisBalances(chain);
    long total = genesis.values().stream().mapToLong(Long::longValue).sum();
    Optional<Boolean> verdict = Optional.empty();
    for (int port : ports) {
      ManagedChannel channel = NodeChannels.open("127.0.0.1", port, tls);
      try {
        Optional<Long> sum = sumAtOneHeight(NodeGrpc.newBlockingStub(channel), genesis.keySet());
        if (sum.isPresent()) {
          if (sum.get() != total) {
            LOG.warning(() -> "node on port " + port + " holds " + sum.get() + ", genesis created " + total);
          }
          verdict = Optional.of(verdict.orElse(true) && sum.get() == total);
        }
      } finally {
        channel.shutdownNow();
      }
    }
    return verdict;
  }

  private static Optional<Long> sumAtOneHeight(NodeGrpc.NodeBlockingStub node, Set<ByteString> owners) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Set<Long> heights = new HashSet<>();
      long sum = 0;
      try {
        for (ByteString owner : owners) {
          GetBalanceResponse r = node.withDeadlineAfter(5, TimeUnit.SECONDS)
              .getBalance(GetBalanceRequest.newBuilder().setOwner(owner).build());
          heights.add(r.getHeight());
          sum += r.getBalance();
        }
      } catch (RuntimeException notAnswering) {
        return Optional.empty();
      }
      if (heights.size() == 1) {
        return Optional.of(sum);
      }
    }
    return Optional.empty();
  }
}
