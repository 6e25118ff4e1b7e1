package org.lpos.chain.discovery;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;
import org.lpos.proto.v1.RegisterRequest;

/**
 * The signature a node puts on its discovery registration (domain {@code LPOS/register}): it
 * covers the key, the node name, the address, the process's instance id and the timestamp, so
 * a name is held by whoever holds the key, an address cannot be swapped into someone else's
 * registration, and a copied request is stale once its timestamp is.
 *
 * <p>The payload is length-prefixed field by field (key 32 bytes, then name, address and instance
 * id each behind a two-byte length, then the timestamp as 8 bytes big-endian): no two distinct
 * registrations share sign bytes. Both the node and the discovery service use this one class.
 */
public final class RegistrationProof {
  /** The chain-id slot of the sign bytes: registrations belong to no chain. */
  public static final String SCOPE = "discovery";

  /** Bytes of the random per-process instance id. */
  public static final int INSTANCE_ID_BYTES = 16;

  private RegistrationProof() {}

  /** The bytes signed for {@code request} (its signature field is ignored). */
  public static byte[] signBytes(RegisterRequest request) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(256);
    writeField(payload, request.getPublicKey().toByteArray());
    writeField(payload, request.getNodeName().getBytes(StandardCharsets.UTF_8));
    writeField(payload, request.getAddress().getBytes(StandardCharsets.UTF_8));
    writeField(payload, request.getInstanceId().toByteArray());
    payload.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(request.getTimestampMs()).array());
    return Domain.REGISTER.signBytes(SCOPE, payload.toByteArray());
  }

  /** {@code unsigned} with its public key set to {@code key}'s and signed by it. */
  public static RegisterRequest sign(KeyPair key, RegisterRequest unsigned) {
    RegisterRequest withKey = unsigned.toBuilder().setPublicKey(key.publicKey()).clearSignature().build();
    return withKey.toBuilder().setSignature(key.signRaw(signBytes(withKey))).build();
  }

  /** Whether {@code request} carries a valid signature by its own public key. */
  public static boolean verify(RegisterRequest request) {
    try {
      // Uncached: junk registrations must not crowd real signatures out of the shared memo.
      return Signatures.verify(request.getPublicKey(), signBytes(request), request.getSignature());
    } catch (IllegalArgumentException tooLong) {
      return false;
    }
  }

  private static void writeField(ByteArrayOutputStream out, byte[] field) {
    if (field.length > 0xffff) {
      throw new IllegalArgumentException("a registration field is longer than 65535 bytes");
    }
    out.write(field.length >>> 8);
    out.write(field.length & 0xff);
    out.writeBytes(field);
  }
}
