package org.lpos.node.net;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;

/**
 * The authenticated handshake of a peer stream (PROTOCOL §8): each side sends a {@link Hello}
 * with a fresh random challenge, then proves its key by signing a {@link HelloChallenge} under
 * {@code LPOS/hello}: both keys (signer first), the signer's role (dialer or acceptor), both
 * challenges, and the SHA-256 of the TLS certificates it presented and received.
 *
 * <p>Signing only the other side's challenge let a third party relay a proof: connected to A and
 * to B, it handed B the challenge of A and showed A the proof B signed. Now the proof names the
 * end of the stream its signer stood at and the challenge that signer issued itself, so a proof
 * obtained on a stream of the other role or with another challenge does not verify; and it names
 * the TLS certificates seen on the signer's session, so one made on the relay's session with B
 * does not verify on the relay's session with A, whose certificates differ.
 */
public final class Handshake {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair key;
  private final String chainId;
  private final ByteString genesisHash;
  private final ChainLabel label;
  private final ByteString challenge;
  private final String address;
  private final HandshakeRole role;
  private final Optional<ByteString> expectedPeer;
  private volatile ChannelBinding binding;
  private Hello theirs;

  /**
   * A handshake for one stream, with a fresh challenge.
   *
   * @param role our end of the stream
   * @param expectedPeer the key we meant to reach, when we dialled an address whose key we know
   */
  public Handshake(KeyPair key, String chainId, ByteString genesisHash, String address, HandshakeRole role,
      Optional<ByteString> expectedPeer) {
    this(key, chainId, genesisHash, ChainLabel.UNNAMED, address, role, expectedPeer);
  }

  /**
   * A handshake that also announces {@code label} (the chain's name and N), so a peer on another
   * genesis is told which chain and N this node runs.
   */
  public Handshake(KeyPair key, String chainId, ByteString genesisHash, ChainLabel label, String address,
      HandshakeRole role, Optional<ByteString> expectedPeer) {
    this.key = key;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    this.label = label;
    byte[] c = new byte[32];
    RANDOM.nextBytes(c);
    this.challenge = ByteString.copyFrom(c);
    this.address = address == null ? "" : address;
    this.role = role;
    this.expectedPeer = expectedPeer;
  }

  /** Our first frame. */
  public Hello hello() {
    return Hello.newBuilder().setPublicKey(key.publicKey()).setChainId(chainId).setGenesisHash(genesisHash)
        .setChallenge(challenge).setAddress(address).setSenateSeats(label.senateSeats())
        .setChainName(label.name()).build();
  }

  /** Sets what this end sees of the stream's TLS session; needed before {@link #proof} and {@link #verify}. */
  public void bind(ChannelBinding channel) {
    this.binding = channel;
  }

  /** Whether {@link #bind} was called. */
  public boolean isBound() {
    return binding != null;
  }

  /** Takes the peer's Hello; returns why it is refused, or empty and our proof is then ready. */
  public Optional<String> receiveHello(Hello hello) {
    if (theirs != null) {
      return Optional.of("second Hello on one stream");
    }
    if (!chainId.equals(hello.getChainId()) || !genesisHash.equals(hello.getGenesisHash())) {
      return Optional.of(label.mismatch(hello, chainId, genesisHash));
    }
    if (!Signatures.isValidPublicKey(hello.getPublicKey()) || hello.getChallenge().size() != 32) {
      return Optional.of("malformed Hello");
    }
    if (hello.getPublicKey().equals(key.publicKey())) {
      return Optional.of("connected to itself");
    }
    if (expectedPeer.isPresent() && !expectedPeer.get().equals(hello.getPublicKey())) {
      return Optional.of("dialled a known peer but another key answered");
    }
    theirs = hello;
    return Optional.empty();
  }

  /** Our proof. Requires {@link #receiveHello} and {@link #bind} first. */
  public HelloProof proof() {
    HelloChallenge signed = HelloChallenge.newBuilder()
        .setChallenge(theirs.getChallenge())
        .setSigner(key.publicKey())
        .setVerifier(theirs.getPublicKey())
        .setSignerChallenge(challenge)
        .setSignerRole(role)
        .setSignerCertificateSha256(binding.ownCertificateSha256())
        .setVerifierCertificateSha256(binding.peerCertificateSha256())
        .build();
    return HelloProof.newBuilder().setSignature(key.sign(Domain.HELLO, chainId, signed.toByteArray())).build();
  }

  /**
   * Whether the peer's proof is the one it owes on this stream, as we see it: signed by the key
   * its Hello claimed, for our key, from the other end of the stream, over our challenge and the
   * one its Hello carried, on the TLS session whose certificates we see swapped.
   */
  public boolean verify(HelloProof proof) {
    if (theirs == null || binding == null) {
      return false;
    }
    HelloChallenge expected = HelloChallenge.newBuilder()
        .setChallenge(challenge)
        .setSigner(theirs.getPublicKey())
        .setVerifier(key.publicKey())
        .setSignerChallenge(theirs.getChallenge())
        .setSignerRole(role == HandshakeRole.HANDSHAKE_ROLE_DIALER
            ? HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR : HandshakeRole.HANDSHAKE_ROLE_DIALER)
        .setSignerCertificateSha256(binding.peerCertificateSha256())
        .setVerifierCertificateSha256(binding.ownCertificateSha256())
        .build();
    return Signatures.verify(theirs.getPublicKey(), Domain.HELLO, chainId, expected.toByteArray(), proof.getSignature());
  }

  /** The peer's Hello, once received. */
  public Optional<Hello> peer() {
    return Optional.ofNullable(theirs);
  }
}
