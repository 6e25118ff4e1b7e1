package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** A senator's lock survives restarts, a half-written update leaves the previous one, damage is refused. */
class AgreementStateFileTest {
  private static final Block BLOCK = Block.newBuilder()
      .setHeader(BlockHeader.newBuilder().setHeight(9).setRound(1).setChainId("lpos-test")).build();
  private static final AgreementState LOCKED = AgreementState.newBuilder().setHeight(9).setLockedRound(1)
      .setLockedValue(BLOCK).setValidRound(1).setValidValue(BLOCK)
      .addValidProof(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE).setHeight(9).setRound(1)
          .setBlockHash(ByteString.copyFrom(new byte[32])).setSigner(ByteString.copyFrom(new byte[32]))
          .setSignature(ByteString.copyFrom(new byte[64])))
      .build();
  private static final AgreementState NEXT = AgreementState.newBuilder().setHeight(10).setLockedRound(-1)
      .setValidRound(-1).build();

  @Test
  void anEmptyDirectoryHasNoStateAndAWrittenStateReadsBack(@TempDir Path dir) throws IOException {
    AgreementStateFile state = new AgreementStateFile(dir);
    assertEquals(Optional.empty(), state.read());
    state.write(LOCKED);
    assertEquals(Optional.of(LOCKED), new AgreementStateFile(dir).read());
    state.write(NEXT);
    assertEquals(Optional.of(NEXT), new AgreementStateFile(dir).read());
  }

  @Test
  void aHalfWrittenUpdateLeavesThePreviousState(@TempDir Path dir) throws IOException {
    new AgreementStateFile(dir).write(LOCKED);
    Files.write(dir.resolve("agreement.state.tmp"), new byte[] {1, 2, 3});
    assertEquals(Optional.of(LOCKED), new AgreementStateFile(dir).read());
  }

  @Test
  void aDamagedFileIsRefusedWithAClearError(@TempDir Path dir) throws IOException {
    AgreementStateFile state = new AgreementStateFile(dir);
    state.write(LOCKED);
    Path file = dir.resolve("agreement.state");
    byte[] bytes = Files.readAllBytes(file);
    bytes[12] ^= 1;
    Files.write(file, bytes);
    IOException e = assertThrows(IOException.class, state::read);
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Files.write(file, new byte[] {0x4c, 0x50, 0x41, 0x53, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0});
    e = assertThrows(IOException.class, state::read);
    assertTrue(e.getMessage().contains("bad length"), e.getMessage());
  }
}
