package org.lpos.lab.grind;

import java.util.List;

/**
 * Makes several distinct, all valid, Ed25519 signatures of one message by one key (each with
 * another nonce): what a grinding signer tries (PROTOCOL §6). The chain's signing is
 * deterministic (RFC 8032), but a verifier cannot tell which nonce a signer used, so every one of
 * these signatures is as valid as the deterministic one.
 */
@FunctionalInterface
public interface AlternativeSignatures {
  /**
   * {@code count} distinct valid signatures of {@code message} by the key with secret seed
   * {@code secretSeed32}; {@code salt} makes the nonces (the same salt gives the same list).
   */
  List<byte[]> sign(byte[] secretSeed32, byte[] message, int count, long salt);
}
