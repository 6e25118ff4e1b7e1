package org.lpos.chain.model;

import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MemberRecord;

/** A member: its index among preloaded members, a name, and its key pair. */
public record Member(int index, String name, KeyPair keys) {
  /** The member of a key file entry; fails if the public key does not match the secret. */
  public static Member fromProto(MemberKey key) {
    KeyPair pair = KeyPair.fromSeed(key.getSecretKey());
    if (!key.getPublicKey().isEmpty() && !key.getPublicKey().equals(pair.publicKey())) {
      throw new IllegalArgumentException("member " + key.getIndex() + ": public key does not match its secret key");
    }
    return new Member(key.getIndex(), key.getName(), pair);
  }

  /** The key file entry of this member, secret included. */
  public MemberKey toProto() {
    return MemberKey.newBuilder()
        .setIndex(index)
        .setName(name)
        .setPublicKey(keys.publicKey())
        .setSecretKey(keys.secretSeed())
        .build();
  }

  /** What anyone may know of this member. */
  public MemberRecord toRecord() {
    return MemberRecord.newBuilder().setIndex(index).setName(name).setPublicKey(keys.publicKey()).build();
  }
}
