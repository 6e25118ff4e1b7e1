package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdFileTest {
  @TempDir Path dir;

  @Test
  void aRestartOnTheSameDirectoryIsTheSameInstanceAndAnotherDirectoryIsNot() throws Exception {
    ByteString first = InstanceIdFile.loadOrCreate(dir.resolve("a"), 16);
    assertEquals(16, first.size());
    assertEquals(first, InstanceIdFile.loadOrCreate(dir.resolve("a"), 16), "the same directory keeps its id");
    assertNotEquals(first, InstanceIdFile.loadOrCreate(dir.resolve("b"), 16), "another directory is another instance");
  }

  @Test
  void aDamagedFileIsReplacedByAFreshId() throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve(InstanceIdFile.NAME), new byte[] {1, 2, 3});
    ByteString id = InstanceIdFile.loadOrCreate(dir, 16);
    assertEquals(16, id.size());
    assertEquals(16, Files.size(dir.resolve(InstanceIdFile.NAME)));
  }

  @Test
  void aNodeThatNamedItselfAfterAFreshIdKeepsItAndAKeptIdWins() throws Exception {
    ByteString fresh = ByteString.copyFrom(new byte[16]);
    assertEquals(fresh, InstanceIdFile.loadOrWrite(dir.resolve("new"), fresh), "written when none is kept");
    assertEquals(fresh, InstanceIdFile.loadOrCreate(dir.resolve("new"), 16), "and kept for the restart");
    ByteString kept = InstanceIdFile.loadOrCreate(dir.resolve("old"), 16);
    assertEquals(kept, InstanceIdFile.loadOrWrite(dir.resolve("old"), fresh), "a kept id is not replaced");
  }
}
