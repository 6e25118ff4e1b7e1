package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;

/** One signature to verify: the signer's public key, the exact bytes signed and the signature. */
public record SignatureCheck(ByteString publicKey, byte[] message, ByteString signature) {}
