package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;

/**
 * The purpose of a signature (PROTOCOL §2). Sign bytes are
 * {@code tag || 0x00 || len(chain_id) || chain_id || payload}: the tag and the length prefix make
 * the split between tag, chain id and payload unambiguous, so a signature made for one purpose or
 * one chain never verifies for another.
 */
public enum Domain {
  TX("LPOS/tx"),
  TICKET("LPOS/ticket"),
  Q("LPOS/q"),
  PROPOSAL("LPOS/proposal"),
  PREVOTE("LPOS/prevote"),
  PRECOMMIT("LPOS/precommit"),
  HELLO("LPOS/hello"),
  /** The input (alpha) of a block's VRF proof on a LOTTERY_VRF chain (PROTOCOL §6a). */
  VRF("LPOS/vrf"),
  /** A node's registration with the discovery service (its chain-id slot holds "discovery"). */
  REGISTER("LPOS/register");

  /** Chain ids are short printable names; the limit keeps the length prefix to one byte. */
  public static final int MAX_CHAIN_ID_LENGTH = 64;

  @SuppressWarnings("ImmutableEnumChecker") // never leaves the enum: message() copies it into each message
  private final byte[] tag;

  Domain(String tag) {
    this.tag = tag.getBytes(StandardCharsets.US_ASCII);
  }

  /** The ASCII tag, e.g. {@code LPOS/tx}. */
  public String tag() {
    return new String(tag, StandardCharsets.US_ASCII);
  }

  /** The bytes to sign for {@code payload} under this domain on chain {@code chainId}. */
  public byte[] signBytes(String chainId, byte[] payload) {
    byte[] id = chainIdBytes(chainId);
    byte[] out = new byte[tag.length + 2 + id.length + payload.length];
    System.arraycopy(tag, 0, out, 0, tag.length);
    out[tag.length] = 0;
    out[tag.length + 1] = (byte) id.length;
    System.arraycopy(id, 0, out, tag.length + 2, id.length);
    System.arraycopy(payload, 0, out, tag.length + 2 + id.length, payload.length);
    return out;
  }

  /** The bytes to sign for {@code payload} under this domain on chain {@code chainId}. */
  public byte[] signBytes(String chainId, ByteString payload) {
    return signBytes(chainId, payload.toByteArray());
  }

  /** Whether {@code chainId} can be used in sign bytes. */
  public static boolean isValidChainId(String chainId) {
    if (chainId == null || chainId.isEmpty() || chainId.length() > MAX_CHAIN_ID_LENGTH) {
      return false;
    }
    return chainId.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static byte[] chainIdBytes(String chainId) {
    if (!isValidChainId(chainId)) {
      throw new IllegalArgumentException(
          "chain id must be 1-" + MAX_CHAIN_ID_LENGTH + " printable ASCII characters: " + chainId);
    }
    return chainId.getBytes(StandardCharsets.US_ASCII);
  }
}
