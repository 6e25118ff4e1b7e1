package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.proto.v1.MemberKey;

/** Keys, members and a hand-driven clock shared by the discovery tests. */
final class Fixtures {
  static final long SEED = 20261123L;

  private Fixtures() {}

  /** A distinct 32-byte "public key" (its bytes are all {@code fill}). */
  static ByteString key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return ByteString.copyFrom(bytes);
  }

  /** {@code count} members with distinct keys, indexed 0..count-1 as in data/members.json. */
  static List<MemberKey> members(int count) {
    List<MemberKey> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(MemberKey.newBuilder()
          .setIndex(i)
          .setName("member-" + i)
          .setPublicKey(key(100 + i))
          .setSecretKey(key(200 + i))
          .build());
    }
    return members;
  }

  /** A configuration for N=4, T=1 with the given M, L, fan-out and instruction. */
  static DiscoveryConfig config(
      int expected, int preload, int fanOut, Optional<InstructionPlan> instruction,
      Optional<Path> outputDir) {
    return new DiscoveryConfig("127.0.0.1", 0, 4, 1, expected, preload,
        Path.of("members.json"), fanOut, 30, outputDir, instruction, OptionalLong.empty(),
        Verbosity.QUIET);
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
