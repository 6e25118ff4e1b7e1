package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.node.runtime.ReadyApplier;
import org.lpos.node.runtime.ReadyStore;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * A handful of cores over an in-memory network for scenario tests: messages are delivered in
 * FIFO order unless a filter drops them, time moves only when the test says so, and every
 * node's outputs are recorded.
 */
final class CoreCluster {
  static final String CHAIN_ID = "lpos-test";
  static final long T0 = 1_000_000;

  record Envelope(ByteString from, ByteString to, PeerMessage message) {}

  final List<Member> members;
  final Block genesis;
  final ConsensusConfig config;
  final Map<ByteString, NodeCore> cores = new HashMap<>();
  final Map<ByteString, KeyPair> keys = new HashMap<>();
  final ArrayDeque<Envelope> inFlight = new ArrayDeque<>();
  final List<Envelope> sent = new ArrayList<>();
  final Set<ByteString> isolated = new HashSet<>();
  final Map<ByteString, Long> wakeUps = new HashMap<>();
  Predicate<Envelope> dropIf = e -> false;
  /** Sees every step's outputs before they are delivered, as a node's store does (the scenario suite's crashes). */
  BiConsumer<ByteString, Ready> persist = (node, ready) -> { };
  long now = T0;

  /** {@code nodes} members with equal stake, {@code seats} seats. */
  CoreCluster(int nodes, int seats) {
    this(nodes, seats, ConsensusConfig.defaults());
  }

  CoreCluster(int nodes, int seats, ConsensusConfig config) {
    this(nodes, seats, config, 4, 1 << 20);
  }

  /** {@code outputsPerMember} genesis outputs of 250,000 for each member; blocks of {@code maxBlockBytes}. */
  CoreCluster(int nodes, int seats, ConsensusConfig config, int outputsPerMember, int maxBlockBytes) {
    this(nodes, seats, config, outputsPerMember, maxBlockBytes, Lottery.LOTTERY_DIRECTOR);
  }

  /** As above, on a chain drawing by {@code lottery}. */
  CoreCluster(int nodes, int seats, ConsensusConfig config, int outputsPerMember, int maxBlockBytes, Lottery lottery) {
    this.config = config;
    this.members = TestMembers.derive(7, nodes);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      for (int i = 0; i < outputsPerMember; i++) {
        allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
      }
    }
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(seats)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(maxBlockBytes).setLottery(lottery).build();
    this.genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q0"), T0 - 1_000, allocations);
    for (Member m : members) {
      keys.put(m.keys().publicKey(), m.keys());
      cores.put(m.keys().publicKey(), new NodeCore(config, m.keys(), genesis, PersistedState.empty()));
    }
    for (Member m : members) {
      absorb(m.keys().publicKey(), cores.get(m.keys().publicKey()).start(now));
    }
  }

  /**
   * One core per member of {@code members} on {@code genesis}, each started from what
   * {@code restored} gives for its key, with {@code persist} seeing every step's outputs.
   */
  CoreCluster(List<Member> members, Block genesis, ConsensusConfig config,
      Function<ByteString, PersistedState> restored, BiConsumer<ByteString, Ready> persist) {
    this.config = config;
    this.members = members;
    this.genesis = genesis;
    this.persist = persist;
    for (Member m : members) {
      keys.put(m.keys().publicKey(), m.keys());
      cores.put(m.keys().publicKey(), new NodeCore(config, m.keys(), genesis, restored.apply(m.keys().publicKey())));
    }
    for (Member m : members) {
      absorb(m.keys().publicKey(), cores.get(m.keys().publicKey()).start(now));
    }
  }

  /** Replaces {@code member}'s core by one started from {@code persisted}, as a crashed node restarts. */
  void restart(int member, PersistedState persisted) {
    ByteString key = key(member);
    wakeUps.remove(key);
    cores.put(key, new NodeCore(config, keys.get(key), genesis, persisted));
    absorb(key, cores.get(key).start(now));
  }

  NodeCore core(int member) {
    return cores.get(key(member));
  }

  ByteString key(int member) {
    return members.get(member).keys().publicKey();
  }

  /** Delivers messages until none is left (or {@code limit} deliveries). */
  void deliverAll(int limit) {
    for (int i = 0; i < limit && !inFlight.isEmpty(); i++) {
      Envelope e = inFlight.poll();
      if (isolated.contains(e.from()) || isolated.contains(e.to()) || dropIf.test(e)) {
        continue;
      }
      absorb(e.to(), cores.get(e.to()).handle(new Event.Received(now, e.from(), e.message())));
    }
  }

  /** Moves the clock to {@code t}, firing due timers in time order and delivering what they send. */
  void advanceTo(long t) {
    while (true) {
      deliverAll(100_000);
      ByteString next = null;
      long at = Long.MAX_VALUE;
      for (Map.Entry<ByteString, Long> w : wakeUps.entrySet()) {
        if (w.getValue() < at && !isolated.contains(w.getKey())) {
          at = w.getValue();
          next = w.getKey();
        }
      }
      if (next == null || at > t) {
        break;
      }
      now = Math.max(now, at);
      wakeUps.remove(next);
      absorb(next, cores.get(next).handle(new Event.Tick(now)));
    }
    now = Math.max(now, t);
  }

  void submit(int member, Transaction tx) {
    absorb(key(member), core(member).handle(new Event.SubmitTransaction(now, tx)));
  }

  /** A signed payment of {@code value} from one of {@code from}'s outputs to {@code to}, with change. */
  Transaction payment(int from, int to, long value, int outputChoice) {
    NodeCore core = core(from);
    List<Utxo> mine = new ArrayList<>();
    core.chain().utxos().forEach(u -> {
      if (u.owner().equals(key(from))) {
        mine.add(u);
      }
    });
    Utxo source = mine.get(outputChoice % mine.size());
    Transaction tx = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.key().toProto()))
        .addOutputs(TxOutput.newBuilder().setValue(value).setLock(Scripts.standardLock(key(to))))
        .addOutputs(TxOutput.newBuilder().setValue(source.value() - value - 1).setLock(Scripts.standardLock(key(from))))
        .build();
    return Transactions.sign(CHAIN_ID, tx, List.of(members.get(from).keys()));
  }

  /**
   * Applies a node's step through the shell's {@link ReadyApplier}: the {@code persist} hook sees
   * the step first (the cores keep their own state), then messages go into the in-memory network
   * and the wake-up into the timer table.
   */
  void absorb(ByteString node, Ready ready) {
    persist.accept(node, ready);
    new ReadyApplier(ReadyStore.NONE, messages -> messages.forEach(o -> route(node, o)), atMs ->
        atMs.ifPresentOrElse(t -> wakeUps.put(node, t), () -> wakeUps.remove(node))).apply(ready);
  }

  private void route(ByteString node, Outbound o) {
    List<ByteString> targets = new ArrayList<>();
    if (o instanceof Outbound.ToPeer p) {
      targets.add(p.peer());
    } else if (o instanceof Outbound.ToSenate s) {
      targets.addAll(s.senators());
    } else if (o instanceof Outbound.Gossip g) {
      for (ByteString peer : cores.keySet()) {
        if (!peer.equals(node) && !g.except().contains(peer)) {
          targets.add(peer);
        }
      }
    }
    for (ByteString to : targets) {
      Envelope e = new Envelope(node, to, o.message());
      sent.add(e);
      if (cores.containsKey(to)) {
        inFlight.add(e);
      }
    }
  }

  /**
   * A signed payment from output {@code outputChoice} of {@code from} into {@code outputs} outputs
   * of 1 to the members in turn, the rest a fee: a transaction of about 48 bytes per output.
   */
  Transaction fanOut(int from, int outputs, int outputChoice) {
    List<Utxo> mine = new ArrayList<>();
    core(from).chain().utxos().forEach(u -> {
      if (u.owner().equals(key(from))) {
        mine.add(u);
      }
    });
    Transaction.Builder tx = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(mine.get(outputChoice % mine.size()).key().toProto()));
    for (int i = 0; i < outputs; i++) {
      tx.addOutputs(TxOutput.newBuilder().setValue(1).setLock(Scripts.standardLock(key(i % members.size()))));
    }
    return Transactions.sign(CHAIN_ID, tx.build(), List.of(members.get(from).keys()));
  }

  static OutputKey firstOutput(Transaction tx) {
    return new OutputKey(Transactions.id(tx), 0);
  }
}
