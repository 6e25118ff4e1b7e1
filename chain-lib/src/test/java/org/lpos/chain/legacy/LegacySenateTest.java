package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.FollowTheSatoshi;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.senate.StakeIndex;

class LegacySenateTest {
  private static final long SHUFFLE_SEED = 20_241_123L;

  @ParameterizedTest
  @ValueSource(strings = {LegacyFixtures.GENIC, LegacyFixtures.TEN_RICH, LegacyFixtures.HUNDRED_RICH})
  void theNextSenateDoesNotDependOnInsertionOrder(String name) {
    System.out.println("LegacySenateTest shuffle seed " + SHUFFLE_SEED + " (" + name + ")");
    LegacyChainReport report = LegacyChainVerifier.verify(LegacyFixtures.text(name));
    Senate expected = report.nextSenate(LegacyChainVerifier.SEATS).orElseThrow();

    List<Utxo> shuffled = new ArrayList<>(report.utxos());
    Collections.shuffle(shuffled, new Random(SHUFFLE_SEED));
    StakeIndex index = new StakeIndex();
    shuffled.forEach(index::add);
    Senate drawn = new FollowTheSatoshi()
        .draw(report.appliedBlocks(), report.lastQ().orElseThrow(), index, LegacyChainVerifier.SEATS);

    assertEquals(expected, drawn);
    assertEquals(expected, LegacyChainVerifier.verify(LegacyFixtures.text(name)).nextSenate(LegacyChainVerifier.SEATS).orElseThrow());
    assertEquals(report.blockCount(), expected.height());
    assertEquals(7, expected.quorum());
  }

  @ParameterizedTest
  @ValueSource(strings = {LegacyFixtures.GENIC, LegacyFixtures.TEN_RICH, LegacyFixtures.HUNDRED_RICH})
  void everyNextSenatorIsAMember(String name) {
    LegacyMembers members = LegacyFixtures.members();
    Senate senate = LegacyChainVerifier.verify(LegacyFixtures.text(name))
        .nextSenate(LegacyChainVerifier.SEATS).orElseThrow();

    for (ByteString seat : senate.seats()) {
      assertEquals(true, members.indexOf(seat).isPresent(), "a seat holder outside members.json");
    }
  }

  @org.junit.jupiter.api.Test
  void genicGivesEverySeatToMemberZero() {
    LegacyChainReport report = LegacyChainVerifier.verify(LegacyFixtures.text(LegacyFixtures.GENIC));
    Senate senate = report.nextSenate(LegacyChainVerifier.SEATS).orElseThrow();
    ByteString memberZero = LegacyFixtures.members().publicKey(0);

    assertEquals(Collections.nCopies(10, memberZero), senate.seats());
    assertEquals(java.util.Map.of(memberZero, 1_000_000L), report.balances());
    assertEquals(ByteString.copyFromUtf8("genic_q"), report.lastQ().orElseThrow());
  }
}
