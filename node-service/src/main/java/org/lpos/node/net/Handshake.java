package org.lpos.node.net;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;

/**
 * The authenticated handshake of a peer stream (PROTOCOL §8): each side sends a {@link Hello}
 * with a fresh random challenge, then proves its key by signing the other side's challenge
 * (with both keys, signer first, under {@code LPOS/hello}). The original trusted whatever key a
 * peer claimed; here a peer is known only once its proof verifies.
 */
public final class Handshake {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair key;
  private final String chainId;
  private final ByteString genesisHash;
  private final ByteString challenge;
  private final String address;
  private Hello theirs;

  /** A handshake for one stream, with a fresh challenge. */
  public Handshake(KeyPair key, String chainId, ByteString genesisHash, String address) {
    this.key = key;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    byte[] c = new byte[32];
    RANDOM.nextBytes(c);
    this.challenge = ByteString.copyFrom(c);
    this.address = address == null ? "" : address;
  }

  /** Our first frame. */
  public Hello hello() {
    return Hello.newBuilder().setPublicKey(key.publicKey()).setChainId(chainId).setGenesisHash(genesisHash)
        .setChallenge(challenge).setAddress(address).build();
  }

  /** Takes the peer's Hello; returns why it is refused, or empty and our proof is then ready. */
  public Optional<String> receiveHello(Hello hello) {
    if (theirs != null) {
      return Optional.of("second Hello on one stream");
    }
    if (!chainId.equals(hello.getChainId()) || !genesisHash.equals(hello.getGenesisHash())) {
      return Optional.of("peer follows another chain (" + hello.getChainId() + ")");
    }
    if (!Signatures.isValidPublicKey(hello.getPublicKey()) || hello.getChallenge().size() != 32) {
      return Optional.of("malformed Hello");
    }
    if (hello.getPublicKey().equals(key.publicKey())) {
      return Optional.of("connected to itself");
    }
    theirs = hello;
    return Optional.empty();
  }

  /** Our proof: a signature over the peer's challenge. Requires {@link #receiveHello} first. */
  public HelloProof proof() {
    HelloChallenge signed = HelloChallenge.newBuilder()
        .setChallenge(theirs.getChallenge()).setSigner(key.publicKey()).setVerifier(theirs.getPublicKey()).build();
    return HelloProof.newBuilder().setSignature(key.sign(Domain.HELLO, chainId, signed.toByteArray())).build();
  }

  /** Whether the peer's proof signs our challenge with the key its Hello claimed. */
  public boolean verify(HelloProof proof) {
    if (theirs == null) {
      return false;
    }
    HelloChallenge expected = HelloChallenge.newBuilder()
        .setChallenge(challenge).setSigner(theirs.getPublicKey()).setVerifier(key.publicKey()).build();
    return Signatures.verify(theirs.getPublicKey(), Domain.HELLO, chainId, expected.toByteArray(), proof.getSignature());
  }

  /** The peer's Hello, once received. */
  public Optional<Hello> peer() {
    return Optional.ofNullable(theirs);
  }
}
