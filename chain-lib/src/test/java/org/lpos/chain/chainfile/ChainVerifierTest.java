package org.lpos.chain.chainfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainFixture;
import org.lpos.chain.genesis.ShippedChains;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;

/** The chain verifier: the shipped chains verify; a flipped byte is reported at its block. */
class ChainVerifierTest {
  private static final ChainParams PARAMS =
      ChainParams.newBuilder().setChainId("lpos-shipped").setSenateSeats(10).build();
  private static List<Member> members;

  @BeforeAll
  static void members() {
    members = TestMembers.derive(42, 300);
  }

  @Test
  void genicVerifies() {
    ChainVerifier.Report report = ChainVerifier.verify(ShippedChains.genic(PARAMS, members));
    assertEquals(List.of(), report.problems());
    assertEquals(1, report.blocksApplied());
    assertEquals(ShippedChains.GENESIS_VALUE, report.state().utxos().totalValue());
  }

  @Test
  void tenRichMenVerifies() {
    ChainVerifier.Report report = ChainVerifier.verify(ShippedChains.richMen(PARAMS, members, 10));
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(2, report.blocksApplied());
    assertEquals(10, report.state().utxos().size());
    for (int i = 0; i < 10; i++) {
      assertEquals(100_000L, report.state().utxos().balances().get(members.get(i).keys().publicKey()));
    }
  }

  @Test
  void hundredRichMenVerifies() {
    ChainVerifier.Report report = ChainVerifier.verify(ShippedChains.richMen(PARAMS, members, 100));
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(100, report.state().utxos().size());
    assertEquals(ShippedChains.GENESIS_VALUE, report.state().utxos().totalValue());
  }

  @Test
  void shippedChainsAreReproducible() {
    assertEquals(ShippedChains.richMen(PARAMS, members, 10), ShippedChains.richMen(PARAMS, members, 10));
  }

  /** Genesis and three blocks of payments. */
  private static ChainFile fourBlocks() {
    ChainFixture chain = ChainFixture.standard();
    ChainFile.Builder file = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT)
        .addBlocks(CertifiedBlock.newBuilder().setBlock(chain.genesis));
    for (int b = 0; b < 3; b++) {
      CertifiedBlock block = chain.next(List.of(chain.pay(chain.utxosOf(b + 1).get(0), 8, 100)));
      chain.applyValid(block);
      file.addBlocks(block);
    }
    return file.build();
  }

  private static ByteString flip(ByteString bytes, int index) {
    byte[] b = bytes.toByteArray();
    b[index] ^= 0x01;
    return ByteString.copyFrom(b);
  }

  @Test
  void fourBlockChainVerifies() {
    ChainVerifier.Report report = ChainVerifier.verify(fourBlocks());
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(4, report.blocksApplied());
  }

  @Test
  void flippedSignatureByteIsReportedAtItsBlock() {
    ChainFile good = fourBlocks();
    CertifiedBlock.Builder b2 = good.getBlocks(2).toBuilder();
    var unlock = b2.getBlockBuilder().getTransactionsBuilder(0).getInputsBuilder(0).getUnlockBuilder()
        .getUnitsBuilder(0);
    unlock.setData(flip(unlock.getData(), 3));
    ChainVerifier.Report report = ChainVerifier.verify(good.toBuilder().setBlocks(2, b2).build());
    assertReportedAt(report, 2, 4);
  }

  @Test
  void flippedHeaderByteIsReportedAtItsBlock() {
    ChainFile good = fourBlocks();
    CertifiedBlock.Builder b1 = good.getBlocks(1).toBuilder();
    var header = b1.getBlockBuilder().getHeaderBuilder();
    header.setMerkleRoot(flip(header.getMerkleRoot(), 31));
    ChainVerifier.Report report = ChainVerifier.verify(good.toBuilder().setBlocks(1, b1).build());
    assertReportedAt(report, 1, 4);
  }

  @Test
  void flippedPrecommitByteInTheLastBlockIsReported() {
    ChainFile good = fourBlocks();
    CertifiedBlock.Builder b3 = good.getBlocks(3).toBuilder();
    var precommit = b3.getCertificateBuilder().getPrecommitsBuilder(0);
    precommit.setSignature(flip(precommit.getSignature(), 0));
    ChainVerifier.Report report = ChainVerifier.verify(good.toBuilder().setBlocks(3, b3).build());
    assertReportedAt(report, 3, 4);
  }

  @Test
  void flippedGenesisByteIsReportedAtBlockZero() {
    ChainFile good = fourBlocks();
    CertifiedBlock.Builder b0 = good.getBlocks(0).toBuilder();
    var header = b0.getBlockBuilder().getHeaderBuilder();
    header.setPrevHash(flip(header.getPrevHash(), 0));
    ChainVerifier.Report report = ChainVerifier.verify(good.toBuilder().setBlocks(0, b0).build());
    assertFalse(report.ok());
    assertTrue(report.problems().stream().allMatch(p -> p.startsWith("block 0: ")), report.problems().toString());
    assertEquals(0, report.blocksApplied());
  }

  @Test
  void genesisWithACertificateIsReported() {
    ChainFile good = fourBlocks();
    ChainFile withCert = good.toBuilder()
        .setBlocks(0, good.getBlocks(0).toBuilder().setCertificate(good.getBlocks(1).getCertificate())).build();
    ChainVerifier.Report report = ChainVerifier.verify(withCert);
    assertEquals(List.of("block 0: the genesis block carries no certificate"), report.problems());
  }

  private static void assertReportedAt(ChainVerifier.Report report, int index, int blocks) {
    assertFalse(report.ok());
    assertEquals(index, report.blocksApplied(), "blocks before the bad one are applied");
    assertEquals(index - 1, report.state().tip().height());
    List<String> problems = new ArrayList<>(report.problems());
    if (index + 1 < blocks) {
      assertEquals("blocks " + (index + 1) + ".." + (blocks - 1) + ": not verified (they build on invalid block "
          + index + ")", problems.remove(problems.size() - 1));
    }
    assertFalse(problems.isEmpty());
    assertTrue(problems.stream().allMatch(p -> p.startsWith("block " + index + ": ")), problems.toString());
  }
}
