package org.lpos.chain.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainFixture;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PrecommitSignature;

/**
 * Commit certificates (PROTOCOL §4): precommits for this block's height, round and hash by
 * distinct senators of the height, each verifying under the precommit domain, holding at least Q
 * seats. Each defect alone makes the block INSUFFICIENT_CERTIFICATE and changes nothing.
 */
class CertificateRejectionTest {
  private ChainFixture chain;
  private CertifiedBlock block;
  private BlockHeader header;
  private Senate senate;

  @BeforeEach
  void setUp() {
    chain = ChainFixture.standard();
    block = chain.next(List.of(chain.pay(chain.utxosOf(1).get(0), 3, 100)));
    header = block.getBlock().getHeader();
    senate = chain.state.nextSenate();
    assertTrue(senate.senators().size() >= 3, "fixture precondition: several senators, " + senate.seatCounts());
  }

  private CertifiedBlock withCertificate(CommitCertificate cert) {
    return block.toBuilder().setCertificate(cert).build();
  }

  private CommitCertificate certifiedBy(List<KeyPair> signers) {
    return CommitCertificates.certify(ChainFixture.CHAIN_ID, header.getHeight(), header.getRound(),
        Blocks.hash(header), signers);
  }

  /** The senators sorted by seats held, fewest first. */
  private List<ByteString> senatorsByFewestSeats() {
    Map<ByteString, Integer> counts = senate.seatCounts();
    List<ByteString> sorted = new ArrayList<>(counts.keySet());
    sorted.sort(Comparator.comparing(counts::get));
    return sorted;
  }

  @Test
  void exactlyQuorumIsEnough() {
    Map<ByteString, Integer> counts = senate.seatCounts();
    List<KeyPair> signers = new ArrayList<>();
    int seats = 0;
    for (ByteString s : senatorsByFewestSeats()) {
      if (seats >= senate.quorum()) {
        break;
      }
      signers.add(chain.keys.get(s));
      seats += counts.get(s);
    }
    chain.applyValid(withCertificate(certifiedBy(signers)));
  }

  @Test
  void tooFewSeats() {
    Map<ByteString, Integer> counts = senate.seatCounts();
    List<KeyPair> signers = new ArrayList<>();
    int seats = 0;
    for (ByteString s : senatorsByFewestSeats()) {
      if (seats + counts.get(s) >= senate.quorum()) {
        break;
      }
      signers.add(chain.keys.get(s));
      seats += counts.get(s);
    }
    assertTrue(seats < senate.quorum());
    chain.assertRejected(withCertificate(certifiedBy(signers)), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void noPrecommits() {
    chain.assertRejected(withCertificate(certifiedBy(List.of())), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void duplicateSignerDoesNotCountTwice() {
    CommitCertificate full = block.getCertificate();
    CommitCertificate doubled = full.toBuilder().addPrecommits(full.getPrecommits(0)).build();
    chain.assertRejected(withCertificate(doubled), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void duplicatesCannotMakeUpForMissingSeats() {
    List<ByteString> fewest = senatorsByFewestSeats();
    KeyPair one = chain.keys.get(fewest.get(0));
    List<KeyPair> repeated = new ArrayList<>();
    for (int i = 0; i < senate.size(); i++) {
      repeated.add(one);
    }
    Reason[] eachRepeatReported = new Reason[senate.size() - 1];
    Arrays.fill(eachRepeatReported, Reason.INSUFFICIENT_CERTIFICATE);
    chain.assertRejected(withCertificate(certifiedBy(repeated)), eachRepeatReported);
  }

  @Test
  void signerWhoHoldsNoSeat() {
    KeyPair outsider = chain.key(9);
    assertEquals(0, senate.seatsOf(outsider.publicKey()));
    CommitCertificate cert = block.getCertificate().toBuilder()
        .addPrecommits(CommitCertificates.precommit(outsider, ChainFixture.CHAIN_ID,
            CommitCertificates.body(header.getHeight(), header.getRound(), Blocks.hash(header))))
        .build();
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void badPrecommitSignature() {
    CommitCertificate full = block.getCertificate();
    PrecommitSignature p = full.getPrecommits(1);
    byte[] sig = p.getSignature().toByteArray();
    sig[10] ^= 0x40;
    CommitCertificate cert = full.toBuilder()
        .setPrecommits(1, p.toBuilder().setSignature(ByteString.copyFrom(sig))).build();
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void precommitSignedUnderThePrevoteDomain() {
    CommitCertificate full = block.getCertificate();
    KeyPair signer = chain.keys.get(full.getPrecommits(0).getSigner());
    ByteString prevote = signer.sign(Domain.PREVOTE, ChainFixture.CHAIN_ID,
        CommitCertificates.body(header.getHeight(), header.getRound(), Blocks.hash(header)).toByteArray());
    CommitCertificate cert = full.toBuilder()
        .setPrecommits(0, full.getPrecommits(0).toBuilder().setSignature(prevote)).build();
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void precommitsSignedForAnotherChain() {
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    CommitCertificate cert = CommitCertificates.certify("lpos-other", header.getHeight(), header.getRound(),
        Blocks.hash(header), all);
    SignatureVerifier signatures = chain.state.caches().signatures();
    signatures.forgetVerified();
    long before = signatures.verificationsPerformed();
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
    assertEquals(1, signatures.verificationsPerformed() - before, "refused at the first bad signature");
  }

  @Test
  void certificateForAnotherBlock() {
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    ByteString other = Hashes.hash(ByteString.copyFromUtf8("another block"));
    CommitCertificate cert = CommitCertificates.certify(ChainFixture.CHAIN_ID, header.getHeight(), header.getRound(),
        other, all);
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void certificateOfTheSameBlockAtAnotherHeight() {
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    CommitCertificate cert = CommitCertificates.certify(ChainFixture.CHAIN_ID, header.getHeight() + 1,
        header.getRound(), Blocks.hash(header), all);
    chain.assertRejected(withCertificate(cert), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void precommitsForAnotherHeightInACertificateLabelledWithThisOne() {
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    CommitCertificate forOther = CommitCertificates.certify(ChainFixture.CHAIN_ID, header.getHeight() + 1,
        header.getRound(), Blocks.hash(header), all);
    CommitCertificate relabelled = forOther.toBuilder().setHeight(header.getHeight()).build();
    chain.assertRejected(withCertificate(relabelled), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void missingCertificate() {
    chain.assertRejected(block.toBuilder().clearCertificate().build(), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void certificateOfAnEarlierRoundThanTheBlock() {
    int round = senate.size();
    ByteString proposer = senate.proposer(round);
    CertifiedBlock later = chain.withHeader(block, h -> h.setRound(round).setProposer(proposer));
    BlockHeader h = later.getBlock().getHeader();
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    CommitCertificate roundZero = CommitCertificates.certify(ChainFixture.CHAIN_ID, h.getHeight(), 0,
        Blocks.hash(h), all);
    chain.assertRejected(later.toBuilder().setCertificate(roundZero).build(), Reason.INSUFFICIENT_CERTIFICATE);
  }

  @Test
  void certificateOfALaterRoundIsAccepted() {
    List<KeyPair> all = senate.senators().stream().map(chain.keys::get).toList();
    CommitCertificate roundTwo = CommitCertificates.certify(ChainFixture.CHAIN_ID, header.getHeight(), 2,
        Blocks.hash(header), all);
    chain.applyValid(withCertificate(roundTwo));
  }
}
