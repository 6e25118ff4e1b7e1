package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;

/**
 * One member of the prototype's members.json: its position in the file (the member index the
 * prototype's tools used), its 48-byte P-192 public key and its 24-byte secret key. The secret
 * keys are the prototype's published test keys, kept so that tests can sign legacy data.
 */
public record LegacyMember(int index, ByteString verifyKey, ByteString signingKey) {}
