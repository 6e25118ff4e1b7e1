package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.cert.CommitCertificates;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;

/**
 * Block checks run in cost order and stop at the first failing stage: a block anyone can send
 * (gossiped, fetched or proposed) must not buy transaction signature checks with a certificate
 * or a ticket that fails, nor make every transaction be verified when the first one already
 * fails. Each test counts the Ed25519 verifications the check actually computed.
 */
class CheckCostOrderTest {
  private static final int LARGE_BLOCK = 10_000;

  private ChainFixture chain;

  @BeforeEach
  void setUp() {
    chain = ChainFixture.standard();
  }

  @Test
  void aLargeGossipedBlockShortOfAQuorumCostsNoVerification() {
    CertifiedBlock valid = chain.next(chainOfPayments(chain.utxosOf(1).get(0), LARGE_BLOCK));
    List<KeyPair> one = List.of(chain.keys.get(chain.state.nextSenate().senators().get(0)));
    CertifiedBlock shortOfQuorum = valid.toBuilder().setCertificate(certificate(valid.getBlock(), one)).build();

    long verifications = verificationsOf(() ->
        chain.assertRejected(shortOfQuorum, Reason.INSUFFICIENT_CERTIFICATE));

    assertEquals(0, verifications, "seats are counted before any signature is checked");
  }

  @Test
  void aLargeGossipedBlockWithAForgedPrecommitCostsNoTransactionVerification() {
    CertifiedBlock valid = chain.next(chainOfPayments(chain.utxosOf(1).get(0), LARGE_BLOCK));
    var cert = valid.getCertificate().toBuilder();
    cert.getPrecommitsBuilder(0).setSignature(flip(cert.getPrecommits(0).getSignature()));
    CertifiedBlock forged = valid.toBuilder().setCertificate(cert).build();

    long verifications = verificationsOf(() -> chain.assertRejected(forged, Reason.INSUFFICIENT_CERTIFICATE));

    assertEquals(1, verifications, "only the forged precommit is verified");
  }

  @Test
  void theSameLargeBlockWithItsCertificateIsVerifiedWhole() {
    CertifiedBlock valid = chain.next(chainOfPayments(chain.utxosOf(1).get(0), LARGE_BLOCK));
    long verifications = verificationsOf(() -> chain.applyValid(valid));
    assertTrue(verifications >= LARGE_BLOCK, "the counter sees transaction checks: " + verifications);
  }

  @Test
  void aProposalJudgedValidIsCommittedWithoutCheckingItsTransactionsAgain() {
    CertifiedBlock valid = chain.next(independentPayments(10));
    assertInstanceOf(BlockOutcome.Valid.class, chain.state.checkProposal(valid.getBlock()));

    long verifications = verificationsOf(() -> chain.applyValid(valid));

    assertEquals(valid.getCertificate().getPrecommitsCount(), verifications,
        "only the certificate's precommits are verified, not the ticket or the ten payments");
  }

  @Test
  void aJudgedHeaderWithAnotherBodyIsCheckedWhole() {
    CertifiedBlock valid = chain.next(independentPayments(3));
    assertInstanceOf(BlockOutcome.Valid.class, chain.state.checkProposal(valid.getBlock()));
    Block block = valid.getBlock();
    // The third payment repeated: the same merkle root (an odd last element pairs with itself),
    // so the same header, hash and certificate.
    CertifiedBlock repeated = valid.toBuilder().setBlock(block.toBuilder().addTransactions(block.getTransactions(2))).build();

    chain.assertRejected(repeated, Reason.DUPLICATE_TRANSACTION);
  }

  @Test
  void aProposalWithATicketForAMissingOutputCostsNoVerification() {
    Block valid = chain.next(independentPayments(10)).getBlock();
    OutputKey ghost = new OutputKey(Hashes.hash(ByteString.copyFromUtf8("ghost")), 0);
    ByteString proposer = valid.getHeader().getProposer();
    Block proposal = withHeader(valid, h -> h.setTicket(Tickets.create(chain.keys.get(proposer),
        ChainFixture.CHAIN_ID, chain.state.tip().hash(), chain.state.tip().q(), ghost)));

    long verifications = verificationsOf(() -> assertRejected(proposal, Reason.BAD_TICKET));

    assertEquals(0, verifications);
  }

  @Test
  void aProposalIsRefusedAtItsFirstBadTransaction() {
    List<Transaction> payments = new ArrayList<>(independentPayments(10));
    Transaction first = payments.get(0);
    TxInput.Builder input = first.getInputs(0).toBuilder().setUnlock(Scripts.standardUnlock(flip(signatureOf(first))));
    payments.set(0, first.toBuilder().setInputs(0, input).build());
    Block proposal = chain.next(payments).getBlock();

    long verifications = verificationsOf(() -> assertRejected(proposal, Reason.BAD_SIGNATURE));

    assertEquals(3, verifications, "the ticket's two signatures and the bad payment's, none of the nine after it");
  }

  @Test
  void anOversizedProposalIsRefusedWithoutHashingItsTransactions() {
    ChainFixture limited = ChainFixture.withParams(ChainFixture.params(7, 5, 0));
    List<Transaction> payments = new ArrayList<>();
    for (int m = 0; m < 6; m++) {
      payments.add(limited.pay(limited.utxosOf(m).get(0), 7, 10));
    }
    ByteString proposer = limited.state.nextSenate().proposer(0);
    Block proposal = withHeader(BlockBuilder.proposal(limited.state, proposer, 0,
            limited.state.tip().timestampMs() + 1, payments,
            BlockBuilder.ownTicket(limited.state, limited.keys.get(proposer))),
        h -> h.setMerkleRoot(Hashes.ZERO));

    BlockOutcome.Invalid invalid = assertInstanceOf(BlockOutcome.Invalid.class,
        limited.state.checkProposal(proposal));

    assertEquals(List.of(Reason.BLOCK_TOO_LARGE), invalid.problems().stream().map(p -> p.reason()).toList(),
        "the merkle root of a block over the limits is not computed");
  }

  private void assertRejected(Block proposal, Reason expected) {
    BlockOutcome outcome = chain.state.checkProposal(proposal);
    BlockOutcome.Invalid invalid = assertInstanceOf(BlockOutcome.Invalid.class, outcome);
    assertEquals(List.of(expected), invalid.problems().stream().map(p -> p.reason()).toList(),
        () -> "problems: " + invalid.problems());
  }

  /** Verifications computed by {@code check}, none answered from remembered results. */
  private long verificationsOf(Runnable check) {
    SignatureVerifier signatures = chain.state.caches().signatures();
    signatures.forgetVerified();
    long before = signatures.verificationsPerformed();
    check.run();
    return signatures.verificationsPerformed() - before;
  }

  /** {@code count} transactions, each spending the one before, all paying member 1. */
  private List<Transaction> chainOfPayments(Utxo from, int count) {
    List<Transaction> txs = new ArrayList<>(count);
    Utxo spend = from;
    for (int i = 0; i < count; i++) {
      Transaction tx = chain.signed(List.of(spend), List.of(chain.output(1, spend.value())));
      txs.add(tx);
      spend = new Utxo(new OutputKey(Transactions.id(tx), 0), spend.value(), chain.pub(1));
    }
    return txs;
  }

  /** {@code count} payments spending distinct genesis outputs. */
  private List<Transaction> independentPayments(int count) {
    List<Utxo> all = chain.allUtxos();
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      txs.add(chain.pay(all.get(i), 8, 10));
    }
    return txs;
  }

  private Block withHeader(Block block, Consumer<BlockHeader.Builder> change) {
    Block.Builder b = block.toBuilder();
    change.accept(b.getHeaderBuilder());
    return b.build();
  }

  private CommitCertificate certificate(Block block, List<KeyPair> signers) {
    BlockHeader h = block.getHeader();
    return CommitCertificates.certify(ChainFixture.CHAIN_ID, h.getHeight(), h.getRound(), Blocks.hash(h), signers);
  }

  private static ByteString signatureOf(Transaction tx) {
    return tx.getInputs(0).getUnlock().getUnits(0).getData();
  }

  private static ByteString flip(ByteString bytes) {
    byte[] b = bytes.toByteArray();
    b[5] ^= 0x01;
    return ByteString.copyFrom(b);
  }
}
