package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The prototype's members, in file order, so that an owner's key in a legacy chain maps back to
 * a member index. members.json is an array of strings, each holding a JSON object with URL-safe
 * base64 {@code verify_key} (48 bytes, on P-192) and {@code signing_key} (24 bytes).
 */
public final class LegacyMembers {
  private final List<LegacyMember> members;
  private final Map<ByteString, Integer> indexByKey;

  private LegacyMembers(List<LegacyMember> members) {
    this.members = List.copyOf(members);
    this.indexByKey = new HashMap<>();
    for (LegacyMember member : this.members) {
      indexByKey.putIfAbsent(member.verifyKey(), member.index());
    }
  }

  /** The outcome of reading members.json: the members, or why the file was rejected. */
  public sealed interface Reading {
    /** The file decoded. */
    record Loaded(LegacyMembers members) implements Reading {}

    /** The file did not decode; {@code problem} says where and why. */
    record Rejected(LegacyProblem problem) implements Reading {}
  }

  /** Decodes members.json text; damage is returned, never thrown. */
  public static Reading read(String json) {
    try {
      List<Value> entries = LegacyJson.array(LegacyJson.parse(json, "(file)"), "(file)");
      List<LegacyMember> members = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        members.add(member(i, entries.get(i)));
      }
      return new Reading.Loaded(new LegacyMembers(members));
    } catch (MalformedLegacyDataException e) {
      return new Reading.Rejected(new LegacyProblem(LegacyLocation.file(), e.field(), e.getMessage()));
    }
  }

  private static LegacyMember member(int index, Value entry) throws MalformedLegacyDataException {
    String field = "[" + index + "]";
    Struct object = LegacyJson.object(LegacyJson.parse(LegacyJson.string(entry, field), field), field);
    ByteString verifyKey = LegacyJson.bytes(object, "verify_key", field + ".verify_key");
    if (!LegacyEcdsa.isValidPublicKey(verifyKey)) {
      throw new MalformedLegacyDataException(field + ".verify_key", "not a 48-byte point on P-192");
    }
    ByteString signingKey = LegacyJson.bytes(object, "signing_key", field + ".signing_key");
    if (signingKey.size() != LegacyEcdsa.FIELD_LENGTH) {
      throw new MalformedLegacyDataException(field + ".signing_key", "expected 24 bytes, found " + signingKey.size());
    }
    return new LegacyMember(index, verifyKey, signingKey);
  }

  /** The members in file order. */
  public List<LegacyMember> all() {
    return members;
  }

  /** Number of members. */
  public int size() {
    return members.size();
  }

  /** The public key of member {@code index}. */
  public ByteString publicKey(int index) {
    return members.get(index).verifyKey();
  }

  /** The index of the first member with public key {@code owner}, if any. */
  public OptionalInt indexOf(ByteString owner) {
    Integer index = indexByKey.get(owner);
    return index == null ? OptionalInt.empty() : OptionalInt.of(index);
  }
}
