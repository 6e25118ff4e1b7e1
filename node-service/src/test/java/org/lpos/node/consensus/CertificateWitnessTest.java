package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * An equivocator that shows each senator one side of its precommit is caught when a certificate
 * holding its other side reaches a senator that holds the first: on the height being decided, and
 * on the height the senator committed just before (the usual case: every honest senator commits
 * on its own votes, and the others' certificates arrive by gossip afterwards).
 */
class CertificateWitnessTest {
  private final CoreCluster cluster = new CoreCluster(7, 7);
  private final Senate senate = cluster.core(0).chain().nextSenate();
  private final long t = CoreCluster.T0;
  /** The senators with the fewest seats first: the first two (x and e) leave a quorum to the rest. */
  private final List<ByteString> senators = senate.senators().stream()
      .sorted(java.util.Comparator.comparingInt(senate::seatsOf)).toList();

  CertificateWitnessTest() {
    assertTrue(senate.size() - senate.seatsOf(senators.get(0)) - senate.seatsOf(senators.get(1)) >= senate.quorum(),
        "fixture: the others hold a quorum: " + senate.seatCounts().values());
  }

  private KeyPair keyOf(ByteString pk) {
    return cluster.keys.get(pk);
  }

  private NodeCore started(ByteString senator) {
    NodeCore core = new NodeCore(cluster.config, keyOf(senator), cluster.genesis, PersistedState.empty());
    core.start(t);
    return core;
  }

  private Block block(NodeCore x) {
    return ScenarioBlocks.block(x.chain(), keyOf(senate.proposer(0)), 0, t + 1, List.of(cluster.payment(0, 1, 10, 0)));
  }

  private static Ready deliver(NodeCore core, ByteString from, PeerMessage m, long now) {
    return core.handle(new Event.Received(now, from, m));
  }

  /** A certificate for {@code block} in round 0 signed by {@code signers} (in order) until a quorum. */
  private CertifiedBlock certified(Block block, List<ByteString> signers) {
    ByteString hash = Blocks.hash(block);
    CommitCertificate.Builder cert = CommitCertificate.newBuilder().setHeight(1).setRound(0).setBlockHash(hash);
    int seats = 0;
    for (ByteString s : signers) {
      if (seats >= senate.quorum()) {
        break;
      }
      Vote v = ScenarioBlocks.precommit(keyOf(s), 1, 0, hash);
      cert.addPrecommits(PrecommitSignature.newBuilder().setSigner(s).setSignature(v.getSignature()));
      seats += senate.seatsOf(s);
    }
    return CertifiedBlock.newBuilder().setBlock(block).setCertificate(cert).build();
  }

  /** The senators but {@code x} and {@code e}, {@code e} first. */
  private List<ByteString> signersWith(ByteString e, ByteString x) {
    List<ByteString> out = new ArrayList<>(List.of(e));
    senators.stream().filter(s -> !s.equals(e) && !s.equals(x)).forEach(out::add);
    return out;
  }

  @Test
  void aCertificateOfTheHeightBeingDecidedRevealsTheOtherSide() {
    ByteString x = senators.get(0);
    ByteString e = senators.get(1);
    NodeCore core = started(x);
    Block a = block(core);
    deliver(core, e, ConsensusMessages.wrap(ScenarioBlocks.precommit(keyOf(e), 1, 0, ByteString.EMPTY)), t + 2);

    Ready r = deliver(core, senators.get(2), PeerMessage.newBuilder().setCommittedBlock(certified(a, signersWith(e, x)))
        .build(), t + 3);

    assertEquals(1, r.committed().size(), "the certified block is committed");
    assertEquals(1, r.evidence().size(), "the equivocator's nil precommit and its certified one: " + r.evidence());
    assertEquals(e, r.evidence().get(0).first().getSigner());
    assertEquals(ByteString.EMPTY, r.evidence().get(0).first().getBlockHash());
    assertEquals(Blocks.hash(a), r.evidence().get(0).second().getBlockHash());
  }

  /** Senator x, shown e's nil precommit, then committing A on a certificate of the others (without e). */
  private record Committed(NodeCore core, Block a, ByteString e, ByteString x, List<ByteString> others, Ready ready) {}

  private Committed committedWithoutTheEquivocator() {
    ByteString x = senators.get(0);
    ByteString e = senators.get(1);
    NodeCore core = started(x);
    Block a = block(core);
    deliver(core, e, ConsensusMessages.wrap(ScenarioBlocks.precommit(keyOf(e), 1, 0, ByteString.EMPTY)), t + 2);
    List<ByteString> others = senators.stream().filter(s -> !s.equals(e) && !s.equals(x)).toList();
    Ready ready = deliver(core, others.get(0), PeerMessage.newBuilder().setCommittedBlock(certified(a, others))
        .build(), t + 3);
    return new Committed(core, a, e, x, others, ready);
  }

  @Test
  void aCertificateArrivingAfterTheSenatorCommittedOnItsOwnRevealsTheOtherSide() {
    Committed c = committedWithoutTheEquivocator();
    assertEquals(1, c.ready().committed().size());
    assertTrue(c.ready().evidence().isEmpty(), "nothing conflicts yet: " + c.ready().evidence());

    Ready later = deliver(c.core(), c.others().get(1), PeerMessage.newBuilder()
        .setCommittedBlock(certified(c.a(), signersWith(c.e(), c.x()))).build(), t + 4);

    assertEquals(1, later.evidence().size(), "the gossiped certificate of the height just committed");
    assertEquals(c.e(), later.evidence().get(0).second().getSigner());
    assertTrue(later.offences().isEmpty(), "an honest certificate charges its sender nothing");
  }

  @Test
  void aForgedConflictingPrecommitChargesTheCertificatesSenderAndIsNoEvidence() {
    Committed c = committedWithoutTheEquivocator();
    CertifiedBlock.Builder b = certified(c.a(), signersWith(c.e(), c.x())).toBuilder();
    byte[] sig = b.getCertificate().getPrecommits(0).getSignature().toByteArray();
    sig[0] ^= 1;
    b.getCertificateBuilder().getPrecommitsBuilder(0).setSignature(ByteString.copyFrom(sig));

    Ready r = deliver(c.core(), c.others().get(1), PeerMessage.newBuilder().setCommittedBlock(b).build(), t + 4);

    assertTrue(r.evidence().isEmpty(), "a precommit that does not verify proves nothing: " + r.evidence());
    assertEquals(List.of(c.others().get(1)), r.offences().stream().map(Offence::peer).toList());
  }
}
