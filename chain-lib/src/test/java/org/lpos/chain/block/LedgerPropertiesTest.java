package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * Properties of block application over random spends among the members' outputs (jqwik, fixed
 * seeds): valid blocks burn exactly their fees, and a block with any single defect changes
 * neither the UTXO set nor the tip.
 */
class LedgerPropertiesTest {
  /** More than any output holds (values only shrink from genesis), so adding it overspends. */
  private static final long OVERSPEND_MARGIN = ChainFixture.BIG_OUTPUT + 1;

  /** One random spend: which available output, to whom, into how many outputs, what fee. */
  record Spend(int pick, int recipient, int outputs, int feePermille) {}

  /** The transactions of one block, and what the test expects of them. */
  record Planned(List<Transaction> transactions, long fees, int spent, int created) {}

  enum Defect {
    WRONG_CHAIN(Reason.WRONG_CHAIN),
    WRONG_HEIGHT(Reason.WRONG_HEIGHT),
    WRONG_PREV_HASH(Reason.WRONG_PREV_HASH),
    BAD_MERKLE_ROOT(Reason.BAD_MERKLE_ROOT),
    BAD_TIMESTAMP(Reason.BAD_TIMESTAMP),
    BAD_PROPOSER(Reason.BAD_PROPOSER),
    NO_TICKET(Reason.BAD_TICKET),
    BAD_TICKET_SIG(Reason.BAD_TICKET),
    NO_CERTIFICATE(Reason.INSUFFICIENT_CERTIFICATE),
    EMPTY_CERTIFICATE(Reason.INSUFFICIENT_CERTIFICATE),
    DUPLICATE_TRANSACTION(Reason.DUPLICATE_TRANSACTION),
    OVERSPEND(Reason.OUTPUTS_EXCEED_INPUTS),
    BAD_TX_SIGNATURE(Reason.BAD_SIGNATURE),
    MISSING_INPUT(Reason.MISSING_INPUT),
    ZERO_OUTPUT(Reason.NON_POSITIVE_VALUE);

    final Reason reason;

    Defect(Reason reason) {
      this.reason = reason;
    }
  }

  private static Arbitrary<Spend> spend() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(0, 9),
        Arbitraries.integers().between(1, 3),
        Arbitraries.integers().between(0, 300)).as(Spend::new);
  }

  @Provide
  Arbitrary<List<List<Spend>>> blocks() {
    return spend().list().ofMaxSize(5).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Spend>> lastBlock() {
    return spend().list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(seed = "42", tries = 40)
  void validBlocksBurnExactlyTheirFees(@ForAll("blocks") List<List<Spend>> blocks) {
    ChainFixture chain = ChainFixture.standard();
    long genesisTotal = chain.state.utxos().totalValue();
    long burned = 0;
    for (List<Spend> spends : blocks) {
      Planned planned = plan(chain, spends);
      long before = chain.state.utxos().totalValue();
      int sizeBefore = chain.state.utxos().size();
      BlockOutcome.Valid valid = chain.applyValid(chain.next(planned.transactions()));
      assertEquals(planned.fees(), valid.fees());
      assertEquals(before - valid.fees(), chain.state.utxos().totalValue());
      assertEquals(sizeBefore - planned.spent() + planned.created(), chain.state.utxos().size());
      assertEquals(chain.state.utxos().totalValue(),
          chain.state.utxos().balances().values().stream().mapToLong(Long::longValue).sum());
      burned += valid.fees();
    }
    assertEquals(genesisTotal - burned, chain.state.utxos().totalValue());
    assertEquals(blocks.size(), chain.state.tip().height());
  }

  @Property(seed = "42", tries = 60)
  void anyInvalidBlockChangesNothing(
      @ForAll("blocks") List<List<Spend>> before, @ForAll("lastBlock") List<Spend> last, @ForAll Defect defect) {
    ChainFixture chain = ChainFixture.standard();
    for (List<Spend> spends : before.subList(0, before.size() - 1)) {
      chain.applyValid(chain.next(plan(chain, spends).transactions()));
    }
    List<Transaction> txs = plan(chain, last).transactions();
    chain.assertRejected(inject(chain, txs, defect), defect.reason);
  }

  /** Turns random spends into signed transactions; later spends may spend earlier outputs. */
  private static Planned plan(ChainFixture chain, List<Spend> spends) {
    List<Utxo> available = chain.allUtxos();
    List<Transaction> txs = new ArrayList<>();
    long fees = 0;
    int created = 0;
    int spentFromState = 0;
    for (Spend s : spends) {
      Utxo input = available.remove(s.pick() % available.size());
      long fee = input.value() * s.feePermille() / 1_000;
      long rest = input.value() - fee;
      int n = (int) Math.min(s.outputs(), rest);
      List<TxOutput> outputs = new ArrayList<>();
      List<Long> values = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        long v = j < n - 1 ? rest / n : rest - (rest / n) * (n - 1);
        values.add(v);
        outputs.add(chain.output((s.recipient() + j) % chain.members.size(), v));
      }
      Transaction tx = chain.signed(List.of(input), outputs);
      ByteString id = Transactions.id(tx);
      for (int j = 0; j < n; j++) {
        available.add(new Utxo(new OutputKey(id, j), values.get(j), outputs.get(j).getLock().getUnits(0).getData()));
      }
      if (chain.state.utxos().find(input.key()).isPresent()) {
        spentFromState++;
      } else {
        created--;
      }
      created += n;
      fees += fee;
      txs.add(tx);
      if (available.isEmpty()) {
        break;
      }
    }
    return new Planned(txs, fees, spentFromState, created);
  }

  private static CertifiedBlock inject(ChainFixture chain, List<Transaction> txs, Defect defect) {
    CertifiedBlock valid = chain.next(txs);
    Transaction lastTx = txs.get(txs.size() - 1);
    List<Transaction> changed = new ArrayList<>(txs);
    return switch (defect) {
      case WRONG_CHAIN -> chain.withHeader(valid, h -> h.setChainId("lpos-elsewhere"));
      case WRONG_HEIGHT -> chain.withHeader(valid, h -> h.setHeight(h.getHeight() + 1));
      case WRONG_PREV_HASH -> chain.withHeader(valid, h -> h.setPrevHash(Hashes.hash(h.getPrevHash())));
      case BAD_MERKLE_ROOT -> chain.withHeader(valid, h -> h.setMerkleRoot(Hashes.hash(h.getMerkleRoot())));
      case BAD_TIMESTAMP -> chain.withHeader(valid, h -> h.setTimestampMs(chain.state.tip().timestampMs() - 1));
      case BAD_PROPOSER -> chain.withHeader(valid, h -> h.setProposer(chain.pub(9)));
      case NO_TICKET -> chain.withHeader(valid, h -> h.clearTicket());
      case BAD_TICKET_SIG -> chain.withHeader(valid, h -> h.getTicketBuilder().setSig(flip(h.getTicket().getSig())));
      case NO_CERTIFICATE -> valid.toBuilder().clearCertificate().build();
      case EMPTY_CERTIFICATE -> valid.toBuilder()
          .setCertificate(valid.getCertificate().toBuilder().clearPrecommits()).build();
      case DUPLICATE_TRANSACTION -> {
        changed.add(txs.get(0));
        yield chain.withTransactions(valid, changed);
      }
      case OVERSPEND -> {
        TxOutput first = lastTx.getOutputs(0);
        changed.set(changed.size() - 1,
            lastTx.toBuilder().setOutputs(0, first.toBuilder().setValue(first.getValue() + OVERSPEND_MARGIN)).build());
        yield chain.withTransactions(valid, changed);
      }
      case BAD_TX_SIGNATURE -> {
        Transaction.Builder b = lastTx.toBuilder();
        var unit = b.getInputsBuilder(0).getUnlockBuilder().getUnitsBuilder(0);
        unit.setData(flip(unit.getData()));
        changed.set(changed.size() - 1, b.build());
        yield chain.withTransactions(valid, changed);
      }
      case MISSING_INPUT -> {
        Utxo ghost = new Utxo(new OutputKey(Hashes.hash(Transactions.id(lastTx)), 0), 5, chain.pub(0));
        changed.add(chain.pay(ghost, 1, 5));
        yield chain.withTransactions(valid, changed);
      }
      case ZERO_OUTPUT -> {
        changed.set(changed.size() - 1, lastTx.toBuilder().addOutputs(chain.output(2, 0)).build());
        yield chain.withTransactions(valid, changed);
      }
    };
  }

  private static ByteString flip(ByteString bytes) {
    byte[] b = bytes.toByteArray();
    b[b.length / 2] ^= 0x01;
    return ByteString.copyFrom(b);
  }
}
