package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.Hello;

/**
 * A handshake between nodes on different genesis blocks names both sides' chain and N: the
 * refusal an operator reads when nodes were started with different N on one template.
 */
class ChainLabelTest {
  private static final String CHAIN = "lpos-local";
  private static final KeyPair A = TestMembers.derive(15, 2).get(0).keys();
  private static final KeyPair B = TestMembers.derive(15, 2).get(1).keys();

  private static ByteString genesis(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return ByteString.copyFrom(b);
  }

  private static Handshake end(KeyPair key, ByteString genesis, ChainLabel label, HandshakeRole role) {
    return new Handshake(key, CHAIN, genesis, label, "", role, Optional.empty());
  }

  @Test
  void differentSeatCountsAreRefusedOnBothSidesNamingBothN() {
    Handshake four = end(A, genesis(4), new ChainLabel("10_rich_man", 4), HandshakeRole.HANDSHAKE_ROLE_DIALER);
    Handshake one = end(B, genesis(1), new ChainLabel("10_rich_man", 1), HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR);
    assertEquals(Optional.of("peer runs 10_rich_man with N=1, this node runs 10_rich_man with N=4:"
        + " start every node with the same N"), four.receiveHello(one.hello()));
    assertEquals(Optional.of("peer runs 10_rich_man with N=4, this node runs 10_rich_man with N=1:"
        + " start every node with the same N"), one.receiveHello(four.hello()));
  }

  @Test
  void theSameSeatCountOnAnotherGenesisIsAnotherChain() {
    Handshake ours = end(A, genesis(4), new ChainLabel("10_rich_man", 4), HandshakeRole.HANDSHAKE_ROLE_DIALER);
    Handshake theirs = end(B, genesis(5), new ChainLabel("chain.json", 4), HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR);
    String refusal = ours.receiveHello(theirs.hello()).orElseThrow();
    assertTrue(refusal.startsWith("peer follows another chain: it runs chain.json (genesis 0505"), refusal);
    assertTrue(refusal.contains("this node runs 10_rich_man (genesis 0404"), refusal);
  }

  @Test
  void theSameGenesisIsAccepted() {
    Handshake ours = end(A, genesis(4), new ChainLabel("10_rich_man", 4), HandshakeRole.HANDSHAKE_ROLE_DIALER);
    Handshake theirs = end(B, genesis(4), new ChainLabel("10_rich_man", 4), HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR);
    assertEquals(Optional.empty(), ours.receiveHello(theirs.hello()));
  }

  @Test
  void whatAStrangerWritesIsNotEchoedIntoTheLog() {
    Handshake ours = end(A, genesis(4), new ChainLabel("10_rich_man", 4), HandshakeRole.HANDSHAKE_ROLE_DIALER);
    Hello hostile = end(B, genesis(1), ChainLabel.UNNAMED, HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR).hello().toBuilder()
        .setChainName("x\nFAKE LOG LINE " + "y".repeat(500)).setChainId("evil\r\nid").setSenateSeats(-1).build();
    String refusal = ours.receiveHello(hostile).orElseThrow();
    assertFalse(refusal.contains("\n") || refusal.contains("\r") || refusal.contains("FAKE"), refusal);
    assertTrue(refusal.contains("peer runs chain id (unnamed) with N=4294967295"), refusal);
    assertTrue(refusal.length() < 200, refusal);
  }

  @Test
  void aLocalNameThatIsNotPlainIsDropped() {
    assertEquals("", new ChainLabel("my chain.json", 4).name());
    assertEquals("chain_10_rich_man.json", new ChainLabel("chain_10_rich_man.json", 4).name());
  }
}
