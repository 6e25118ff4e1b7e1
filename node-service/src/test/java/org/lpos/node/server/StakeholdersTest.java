package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * Membership classification from the chain state: a key is a member while it holds an output;
 * a key that receives an output becomes one with that commit; a key that spent its last output
 * is dropped by the next pruning pass (at most {@link Stakeholders#PRUNE_EVERY_BLOCKS} blocks
 * later); a key that never held stake is a follower throughout.
 */
class StakeholdersTest {
  private static final ByteString ALICE = key(1);
  private static final ByteString BOB = key(2);
  private static final ByteString STRANGER = key(3);

  @Test
  void membersFollowTheOutputsTheyHold() {
    OutputKey alices = new OutputKey(key(10), 0);
    InMemoryUtxoSet utxos = InMemoryUtxoSet.of(List.of(new Utxo(alices, 100, ALICE)));
    Stakeholders members = new Stakeholders(utxos);
    assertTrue(members.holdsStake(ALICE));
    assertFalse(members.holdsStake(BOB));

    UtxoDelta pay = new UtxoDelta(List.of(new Utxo(alices, 100, ALICE)), List.of(new Utxo(new OutputKey(key(11), 0), 100, BOB)));
    utxos.apply(pay);
    members.onCommitted(List.of(pay), utxos);
    assertTrue(members.holdsStake(BOB), "bob holds stake from the commit that paid him");
    assertTrue(members.holdsStake(ALICE), "alice stays until the next pruning pass");

    List<UtxoDelta> quiet = new ArrayList<>();
    for (int i = 1; i < Stakeholders.PRUNE_EVERY_BLOCKS; i++) {
      quiet.add(new UtxoDelta(List.of(), List.of()));
    }
    members.onCommitted(quiet, utxos);
    assertFalse(members.holdsStake(ALICE), "alice spent her last output: pruned within the pass's blocks");
    assertTrue(members.holdsStake(BOB));
    assertFalse(members.holdsStake(STRANGER), "a key that never held stake is a follower");
  }

  private static ByteString key(int b) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) b;
    return ByteString.copyFrom(bytes);
  }
}
