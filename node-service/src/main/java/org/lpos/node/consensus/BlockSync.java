package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/**
 * Fetching blocks this node lacks from the peers that claim them: screens the blocks that arrive
 * ahead of the next height (gossiped or fetched) as far as they can be checked before the blocks
 * below them, keeps them in {@link CatchUp}, and sends its requests with their retry timers. The
 * core applies what waits at the next height ({@link #take}), verifying it against its senate.
 */
final class BlockSync {
  private final CatchUp catchUp;
  private final ChainState chain;
  private final Timers timers;
  private final StepOutput out;

  BlockSync(CatchUp catchUp, ChainState chain, Timers timers, StepOutput out) {
    this.catchUp = catchUp;
    this.chain = chain;
    this.timers = timers;
    this.out = out;
  }

  /** Where this node's chain ends. */
  PeerMessage status() {
    return PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder()
        .setHeight(chain.tip().height()).setLastBlockHash(chain.tip().hash())).build();
  }

  /**
   * A peer's status: a peer at or above the next height is a source of blocks; one behind this
   * node's tip may hear of no later height (it is in no later senate, or missed the gossip), so it
   * is told where this chain ends and asks for the blocks.
   */
  void onStatus(ByteString peer, StatusAnnouncement status, long nowMs) {
    long next = chain.tip().height() + 1;
    if (status.getHeight() >= next) {
      claim(peer, status.getHeight(), next, nowMs);
    } else if (status.getHeight() < chain.tip().height()) {
      out.send(new Outbound.ToPeer(peer, status()));
    }
  }

  /** {@code peer} has committed at least up to {@code tipHeight}: fetch from it if that is ahead. */
  void claim(ByteString peer, long tipHeight, long nextHeight, long nowMs) {
    catchUp.claim(peer, tipHeight);
    pump(nextHeight, nowMs);
  }

  /** A block {@code from} gossiped above the next height: kept, once screened, until the gap fills. */
  void offerAhead(ByteString from, CertifiedBlock cb, long nextHeight, long nowMs) {
    Optional<Rejection> refused = AheadScreen.blockAhead(cb, chain);
    if (refused.isPresent()) {
      out.reject(from, refused.get().within("gossiped block " + cb.getBlock().getHeader().getHeight() + ": "));
      return;
    }
    catchUp.offer(from, cb, nextHeight);
    pump(nextHeight, nowMs);
  }

  /** Keeps the blocks of {@code from}'s response that pass the screen. */
  void onResponse(ByteString from, BlockResponse response, long nextHeight) {
    List<CertifiedBlock> screened = new ArrayList<>(response.getBlocksCount());
    for (CertifiedBlock cb : response.getBlocksList()) {
      Optional<Rejection> refused = AheadScreen.blockAhead(cb, chain);
      if (refused.isPresent()) {
        out.reject(from, refused.get().within("fetched block " + cb.getBlock().getHeader().getHeight() + ": "));
        continue;
      }
      screened.add(cb);
    }
    catchUp.onResponse(from, screened, response.getMore(), nextHeight);
  }

  /** Ends the requests whose deadline passed, then asks again. */
  void expire(long nextHeight, long nowMs) {
    catchUp.expire(nowMs);
    pump(nextHeight, nowMs);
  }

  /** Sends the requests due now. */
  void pump(long nextHeight, long nowMs) {
    for (CatchUp.Request r : catchUp.plan(nextHeight, nowMs)) {
      // Catch-up timers belong to no height: entering a height must not drop them.
      timers.schedule(r.deadlineMs(), Timers.Kind.CATCH_UP_RETRY, Long.MAX_VALUE, 0);
      out.send(new Outbound.ToPeer(r.peer(), PeerMessage.newBuilder()
          .setBlockRequest(BlockRequest.newBuilder().setFromHeight(r.fromHeight()).setCount(r.count()))
          .build()));
    }
  }

  /** Removes and returns the block waiting at {@code nextHeight}, if it arrived. */
  Optional<CatchUp.Buffered> take(long nextHeight) {
    return catchUp.take(nextHeight);
  }

  /** {@code peer} sent an invalid block: forget its claim, its request and what it sent. */
  void distrust(ByteString peer) {
    catchUp.distrust(peer);
  }

  /** Whether the block at {@code height} is already here, waiting to be applied. */
  boolean holds(long height) {
    return catchUp.holds(height);
  }

  /** Whether some peer claims a block this node lacks ({@code nextHeight} or above). */
  boolean behind(long nextHeight) {
    return catchUp.behind(nextHeight);
  }
}
