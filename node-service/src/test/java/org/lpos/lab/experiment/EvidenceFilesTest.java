package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Equivocations counted once however many nodes recorded them. */
class EvidenceFilesTest {
  private static final String HEADER = "time_ms,signer,type,height,round\n";

  @Test
  void theSameEquivocationSeenByTwoNodesCountsOnce(@TempDir Path dir) throws Exception {
    Path a = write(dir.resolve("node-0"), HEADER + "1000,ab,VOTE_TYPE_PREVOTE,1,0\n2000,ab,VOTE_TYPE_PRECOMMIT,1,0\n");
    Path b = write(dir.resolve("node-1"), HEADER + "1003,ab,VOTE_TYPE_PREVOTE,1,0\n2500,ab,VOTE_TYPE_PREVOTE,1,1\n"
        + "2600,cd,VOTE_TYPE_PREVOTE,1,1\n");

    assertEquals(4, EvidenceFiles.distinctEquivocations(List.of(a, b)),
        "prevote and precommit of height 1 round 0, round 1's prevote, and another signer's");
  }

  @Test
  void aNodeWithoutTheFileSawNoneAndALineBeingWrittenIsLeftOut(@TempDir Path dir) throws Exception {
    Path a = write(dir.resolve("node-0"), HEADER + "1000,ab,VOTE_TYPE_PREVOTE,7,0\n1001,ab,VOTE_TY");
    Files.createDirectories(dir.resolve("node-1"));

    assertEquals(1, EvidenceFiles.distinctEquivocations(List.of(a, dir.resolve("node-1"))));
    assertEquals(0, EvidenceFiles.distinctEquivocations(List.of()));
  }

  private static Path write(Path nodeDir, String evidence) throws Exception {
    Files.createDirectories(nodeDir);
    Files.writeString(nodeDir.resolve(EvidenceFiles.FILE), evidence);
    return nodeDir;
  }
}
