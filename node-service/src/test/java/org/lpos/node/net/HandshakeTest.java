package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;

/**
 * The channel-bound handshake on its own: each proof names the signer's role, both challenges and
 * both TLS certificates' hashes, so proofs obtained on another stream (the relay of issue 14), in
 * the other role, or on another TLS session do not verify. Certificates are stood for by distinct
 * 32-byte values; keys come from seed 14.
 */
class HandshakeTest {
  private static final String CHAIN = "lpos-handshake";
  private static final ByteString GENESIS = ByteString.copyFrom(new byte[32]);
  private static final List<Member> MEMBERS = TestMembers.derive(14, 3);
  private static final KeyPair A = MEMBERS.get(0).keys();
  private static final KeyPair B = MEMBERS.get(1).keys();
  private static final ByteString CERT_A = cert(1);
  private static final ByteString CERT_B = cert(2);
  private static final ByteString CERT_M = cert(3);

  private static ByteString cert(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return ByteString.copyFrom(b);
  }

  private static Handshake dialer(KeyPair key) {
    return new Handshake(key, CHAIN, GENESIS, "", HandshakeRole.HANDSHAKE_ROLE_DIALER, Optional.empty());
  }

  private static Handshake acceptor(KeyPair key) {
    return new Handshake(key, CHAIN, GENESIS, "", HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR, Optional.empty());
  }

  /** Joins two ends over one TLS session: each sees its own and the other's certificate. */
  private static void connect(Handshake dialing, ByteString dialerCert, Handshake accepting, ByteString acceptorCert) {
    dialing.bind(new ChannelBinding(dialerCert, acceptorCert));
    accepting.bind(new ChannelBinding(acceptorCert, dialerCert));
    assertEquals(Optional.empty(), dialing.receiveHello(accepting.hello()));
    assertEquals(Optional.empty(), accepting.receiveHello(dialing.hello()));
  }

  @Test
  void honestEndsVerifyEachOtherOverTlsAndPlaintext() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    connect(b, CERT_B, a, CERT_A);
    assertTrue(a.verify(b.proof()));
    assertTrue(b.verify(a.proof()));

    Handshake plainB = dialer(B);
    Handshake plainA = acceptor(A);
    connect(plainB, ByteString.EMPTY, plainA, ByteString.EMPTY);
    assertTrue(plainA.verify(plainB.proof()));
    assertTrue(plainB.verify(plainA.proof()));
  }

  /**
   * The relay of issue 14: M dials A and B, gives B a Hello claiming A's key with A's challenge,
   * and shows A the proof B signed, claiming B's key with B's challenge. Refused over TLS (role and
   * certificates differ) and with TLS off (the role differs).
   */
  @Test
  void aRelayedProofIsRefusedWithAndWithoutTls() {
    for (boolean tls : new boolean[] {true, false}) {
      Handshake a = acceptor(A);
      Handshake b = acceptor(B);
      a.bind(new ChannelBinding(tls ? CERT_A : ByteString.EMPTY, tls ? CERT_M : ByteString.EMPTY));
      b.bind(new ChannelBinding(tls ? CERT_B : ByteString.EMPTY, tls ? CERT_M : ByteString.EMPTY));
      Hello helloA = a.hello();
      Hello helloB = b.hello();
      assertEquals(Optional.empty(), b.receiveHello(helloB.toBuilder()
          .setPublicKey(A.publicKey()).setChallenge(helloA.getChallenge()).build()));
      HelloProof signedByB = b.proof();
      assertEquals(Optional.empty(), a.receiveHello(helloA.toBuilder()
          .setPublicKey(B.publicKey()).setChallenge(helloB.getChallenge()).build()));
      assertFalse(a.verify(signedByB), "A takes the relay for B (tls " + tls + ")");
    }
  }

  /** The relayed proof with only the role made right would still fail on the certificates. */
  @Test
  void aProofFromAnotherTlsSessionIsRefused() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    connect(b, CERT_B, a, CERT_A);
    // B signed on a session where it saw M's certificate, not A's.
    b.bind(new ChannelBinding(CERT_B, CERT_M));
    assertFalse(a.verify(b.proof()), "verifier certificate differs");
    b.bind(new ChannelBinding(CERT_M, CERT_A));
    assertFalse(a.verify(b.proof()), "signer certificate differs");
    b.bind(new ChannelBinding(CERT_B, CERT_A));
    assertTrue(a.verify(b.proof()));
  }

  @Test
  void aProofSignedInTheOtherRoleIsRefused() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    connect(b, CERT_B, a, CERT_A);
    Hello helloB = b.hello();
    HelloChallenge swapped = HelloChallenge.newBuilder()
        .setChallenge(a.hello().getChallenge()).setSigner(B.publicKey()).setVerifier(A.publicKey())
        .setSignerChallenge(helloB.getChallenge()).setSignerRole(HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR)
        .setSignerCertificateSha256(CERT_B).setVerifierCertificateSha256(CERT_A).build();
    assertFalse(a.verify(sign(B, swapped)));
    assertTrue(a.verify(sign(B, swapped.toBuilder().setSignerRole(HandshakeRole.HANDSHAKE_ROLE_DIALER).build())),
        "the same proof in the right role verifies");
  }

  @Test
  void aProofOverAnotherSignerChallengeIsRefused() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    connect(b, CERT_B, a, CERT_A);
    HelloChallenge other = HelloChallenge.newBuilder()
        .setChallenge(a.hello().getChallenge()).setSigner(B.publicKey()).setVerifier(A.publicKey())
        .setSignerChallenge(cert(9)).setSignerRole(HandshakeRole.HANDSHAKE_ROLE_DIALER)
        .setSignerCertificateSha256(CERT_B).setVerifierCertificateSha256(CERT_A).build();
    assertFalse(a.verify(sign(B, other)));
  }

  @Test
  void theOldUnboundProofIsRefused() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    connect(b, ByteString.EMPTY, a, ByteString.EMPTY);
    HelloChallenge old = HelloChallenge.newBuilder()
        .setChallenge(a.hello().getChallenge()).setSigner(B.publicKey()).setVerifier(A.publicKey()).build();
    assertFalse(a.verify(sign(B, old)));
  }

  @Test
  void noProofIsMadeOrAcceptedBeforeTheChannelIsBound() {
    Handshake b = dialer(B);
    Handshake a = acceptor(A);
    a.receiveHello(b.hello());
    assertFalse(a.isBound());
    assertFalse(a.verify(HelloProof.getDefaultInstance()));
  }

  @Test
  void dialingAKnownPeerRefusesAnotherKey() {
    Handshake expectingA = new Handshake(B, CHAIN, GENESIS, "", HandshakeRole.HANDSHAKE_ROLE_DIALER,
        Optional.of(A.publicKey()));
    Handshake third = acceptor(MEMBERS.get(2).keys());
    assertTrue(expectingA.receiveHello(third.hello()).orElseThrow().contains("another key"));
    Handshake expectingA2 = new Handshake(B, CHAIN, GENESIS, "", HandshakeRole.HANDSHAKE_ROLE_DIALER,
        Optional.of(A.publicKey()));
    assertEquals(Optional.empty(), expectingA2.receiveHello(acceptor(A).hello()));
  }

  private static HelloProof sign(KeyPair signer, HelloChallenge challenge) {
    return HelloProof.newBuilder()
        .setSignature(signer.sign(Domain.HELLO, CHAIN, challenge.toByteArray())).build();
  }
}
