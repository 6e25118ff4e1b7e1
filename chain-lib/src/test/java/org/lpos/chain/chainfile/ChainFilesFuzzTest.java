package org.lpos.chain.chainfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.MemberKey;

/**
 * Arbitrary file contents given to the chain file, members file and key file readers: the only
 * rejection is {@link ChainFileException} (one line for a person), a chain file that reads is
 * verified and its next senate drawn without throwing, and what reads writes back to the same
 * thing. Seeds are in {@code
 * ChainFilesFuzzTestInputs/}; see docs/fuzzing.md for real fuzzing.
 */
class ChainFilesFuzzTest {
  private static final Path DIR = tempDir();

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void chainFile(byte[] contents) throws IOException {
    Path path = write("chain.json", contents);
    ChainFile file;
    try {
      file = ChainFiles.read(path);
    } catch (ChainFileException e) {
      assertOneLine(e);
      return;
    }
    ChainVerifier.Report report = ChainVerifier.verify(file);
    assertTrue(report.blocksApplied() <= file.getBlocksCount());
    if (report.state() != null) {
      // What a node does first with a chain it loads: draw the senate of the next height.
      assertTrue(report.state().nextSenate().size() >= 1);
    }
    Path copy = DIR.resolve("chain-copy.json");
    ChainFiles.write(copy, file);
    assertEquals(file, readBack(() -> ChainFiles.read(copy)));
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void membersFile(byte[] contents) throws IOException {
    Path path = write("members.json", contents);
    List<Member> members;
    try {
      members = MemberFiles.readMembers(path);
    } catch (ChainFileException e) {
      assertOneLine(e);
      return;
    }
    Path copy = DIR.resolve("members-copy.json");
    MemberFiles.writeMembers(copy, "fuzz", members);
    assertEquals(keys(members), keys(readBack(() -> MemberFiles.readMembers(copy))));
  }

  @FuzzTest(maxDuration = "2m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void keyFile(byte[] contents) throws IOException {
    Path path = write("key.json", contents);
    Member member;
    try {
      member = MemberFiles.readKey(path);
    } catch (ChainFileException e) {
      assertOneLine(e);
      return;
    }
    Path copy = DIR.resolve("key-copy.json");
    MemberFiles.writeKey(copy, member);
    assertEquals(member.toProto(), readBack(() -> MemberFiles.readKey(copy)).toProto());
  }

  /** Members compared by what a file holds (key pairs have no value equality). */
  private static List<MemberKey> keys(List<Member> members) {
    return members.stream().map(Member::toProto).toList();
  }

  private interface Reader<T> {
    T read() throws ChainFileException;
  }

  private static <T> T readBack(Reader<T> reader) {
    try {
      return reader.read();
    } catch (ChainFileException e) {
      throw new AssertionError("a file this library wrote does not read back: " + e.getMessage(), e);
    }
  }

  private static void assertOneLine(ChainFileException e) {
    assertTrue(!e.getMessage().contains("\n"), () -> "message is not one line: " + e.getMessage());
  }

  private static Path write(String name, byte[] contents) throws IOException {
    Path path = DIR.resolve(name);
    Files.write(path, contents);
    return path;
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("lpos-chainfile-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
