package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.VoteType;

/** The checkers detect deliberately broken inputs: a fork, a short certificate, a double sign. */
class SafetyCheckerTest {
  private final SimulationGenesis chain = SimulationGenesis.of(SimulationConfig.defaults(4, 4, 0, 5, 1));
  private final Map<ByteString, KeyPair> keys = new LinkedHashMap<>();

  SafetyCheckerTest() {
    for (Member m : chain.members()) {
      keys.put(m.keys().publicKey(), m.keys());
    }
  }

  private CertifiedBlock block(long timestampMs) {
    ChainState state = ((GenesisOutcome.Started) ChainState.fromGenesis(chain.genesis())).state();
    return BlockBuilder.next(state, List.of(), timestampMs, keys);
  }

  @Test
  void agreedValidBlocksPass() {
    SafetyChecker checker = new SafetyChecker(chain.genesis(), Set.of(), new ChainCaches());
    CertifiedBlock b = block(chain.genesis().getHeader().getTimestampMs() + 1);
    checker.onHonestCommit("a", b, chain.totalValue());
    checker.onHonestCommit("b", b, chain.totalValue());
    assertEquals(0, checker.violationCount(), checker.violations().toString());
    assertEquals(1, checker.referenceHeight());
  }

  @Test
  void twoBlocksAtOneHeightAreAnAgreementViolation() {
    SafetyChecker checker = new SafetyChecker(chain.genesis(), Set.of(), new ChainCaches());
    long t = chain.genesis().getHeader().getTimestampMs();
    checker.onHonestCommit("a", block(t + 1), SafetyChecker.UNKNOWN_VALUE);
    checker.onHonestCommit("b", block(t + 2), SafetyChecker.UNKNOWN_VALUE);
    assertEquals(1, checker.violationCount());
    assertTrue(checker.violations().get(0).startsWith("agreement"), checker.violations().toString());
  }

  @Test
  void aCertificateShortOfQuorumIsCaught() {
    SafetyChecker checker = new SafetyChecker(chain.genesis(), Set.of(), new ChainCaches());
    CertifiedBlock b = block(chain.genesis().getHeader().getTimestampMs() + 1);
    checker.onHonestCommit("a", b, SafetyChecker.UNKNOWN_VALUE);
    CertifiedBlock shortCert = b.toBuilder()
        .setCertificate(b.getCertificate().toBuilder().clearPrecommits()).build();
    checker.onHonestCommit("b", shortCert, SafetyChecker.UNKNOWN_VALUE);
    assertEquals(1, checker.violationCount(), checker.violations().toString());
  }

  @Test
  void aValueMismatchIsCaught() {
    SafetyChecker checker = new SafetyChecker(chain.genesis(), Set.of(), new ChainCaches());
    checker.onHonestCommit("a", block(chain.genesis().getHeader().getTimestampMs() + 1), chain.totalValue() - 5);
    assertEquals(1, checker.violationCount(), checker.violations().toString());
  }

  @Test
  void twoDifferentVotesAtOnePositionAreADoubleSign() {
    SafetyChecker checker = new SafetyChecker(chain.genesis(), Set.of(), new ChainCaches());
    KeyPair key = chain.members().get(0).keys();
    ByteString hash = ByteString.copyFrom(new byte[32]);
    checker.onHonestSend("a", key.publicKey(), ConsensusMessages.wrap(
        ConsensusMessages.vote(key, SimulationGenesis.CHAIN_ID, VoteType.VOTE_TYPE_PREVOTE, 1, 0, hash)));
    checker.onHonestSend("a", key.publicKey(), ConsensusMessages.wrap(
        ConsensusMessages.vote(key, SimulationGenesis.CHAIN_ID, VoteType.VOTE_TYPE_PREVOTE, 1, 0, hash)));
    assertEquals(0, checker.doubleSigns());
    checker.onHonestSend("a", key.publicKey(), ConsensusMessages.wrap(
        ConsensusMessages.vote(key, SimulationGenesis.CHAIN_ID, VoteType.VOTE_TYPE_PREVOTE, 1, 0, ByteString.EMPTY)));
    assertEquals(1, checker.doubleSigns());
    assertEquals(1, checker.violationCount());
  }
}
