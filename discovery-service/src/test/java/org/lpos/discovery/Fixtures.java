package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.RegisterRequest;

/** Keys, members, signed requests and a hand-driven clock shared by the discovery tests. */
final class Fixtures {
  static final long SEED = 20261123L;
  /** The original's start deadline, which the tests' configurations keep. */
  static final int START_DEADLINE_SECONDS = 120;

  private Fixtures() {}

  /** A distinct 32-byte "public key" (its bytes are all {@code fill}); the registry checks no curve. */
  static ByteString key(int fill) {
    return bytes(32, fill);
  }

  /** A distinct 32-byte "public key" for every int (big-endian {@code number}, then zeros). */
  static ByteString numberedKey(int number) {
    byte[] bytes = new byte[32];
    java.nio.ByteBuffer.wrap(bytes).putInt(number);
    return ByteString.copyFrom(bytes);
  }

  /** {@code count} bytes, all {@code fill}. */
  static ByteString bytes(int count, int fill) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) fill);
    return ByteString.copyFrom(bytes);
  }

  /** A real Ed25519 key pair (its seed's bytes are all {@code fill}). */
  static KeyPair keyPair(int fill) {
    return KeyPair.fromSeed(bytes(32, fill));
  }

  /** The key pair of member {@code i} of {@link #members}. */
  static KeyPair memberKey(int i) {
    return keyPair(100 + i);
  }

  /** {@code count} members (public part) indexed 0..count-1, whose keys are {@link #memberKey}. */
  static List<MemberAssignment> members(int count) {
    List<MemberAssignment> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(MemberAssignment.newBuilder()
          .setIndex(i)
          .setName("member-" + i)
          .setPublicKey(memberKey(i).publicKey())
          .build());
    }
    return members;
  }

  /**
   * An unsigned registration the registry accepts (it leaves signatures to the service): a
   * 64-byte placeholder signature, {@code instance} as the instance id.
   */
  static RegisterRequest request(ByteString key, String address, String name, int instance, long timestampMs) {
    return RegisterRequest.newBuilder().setPublicKey(key).setAddress(address).setNodeName(name)
        .setInstanceId(bytes(RegistrationProof.INSTANCE_ID_BYTES, instance)).setTimestampMs(timestampMs)
        .setSignature(bytes(64, 0)).build();
  }

  /** A registration signed by {@code key} now, by process {@code instance}. */
  static RegisterRequest signed(KeyPair key, String address, String name, int instance) {
    return RegistrationProof.sign(key, RegisterRequest.newBuilder().setAddress(address).setNodeName(name)
        .setInstanceId(bytes(RegistrationProof.INSTANCE_ID_BYTES, instance))
        .setTimestampMs(TIMESTAMPS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())))
        .build());
  }

  // Strictly increasing wall-clock timestamps, so renewals in one millisecond are not replays; they
  // follow the wall clock, so a test run later in a long suite stays within the allowed clock skew.
  private static final AtomicLong TIMESTAMPS = new AtomicLong();

  /** A configuration for N=4, T=1 with the given M, L, fan-out and instruction. */
  static DiscoveryConfig config(
      int expected, int preload, int fanOut, Optional<InstructionPlan> instruction,
      Optional<Path> outputDir) {
    return config(expected, preload, fanOut, instruction, outputDir, DiscoveryLimits.defaults());
  }

  /** As {@link #config(int, int, int, Optional, Optional)} with the given limits. */
  static DiscoveryConfig config(
      int expected, int preload, int fanOut, Optional<InstructionPlan> instruction,
      Optional<Path> outputDir, DiscoveryLimits limits) {
    return new DiscoveryConfig("127.0.0.1", 0, Optional.of(new ExperimentSize(4, 1, expected)), preload,
        Path.of("members.json"), fanOut, 30, outputDir, instruction, OptionalLong.empty(),
        START_DEADLINE_SECONDS, Verbosity.QUIET, limits);
  }

  /** A clock tests advance by hand. */
  static final class ManualClock {
    private final AtomicLong millis = new AtomicLong(1_000_000);

    long millis() {
      return millis.get();
    }

    void advance(long delta) {
      millis.addAndGet(delta);
    }
  }
}
