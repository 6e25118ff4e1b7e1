package org.lpos.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.lpos.node.store.InMemoryBlocks;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * The WatchBlocks feed without gRPC: a stream whose readiness the test controls and an executor
 * the test drains, so every interleaving of commits, replay and readiness is reproducible (the
 * seed is printed). A watcher sees every height from where it started exactly once, in order;
 * one that stops reading is ended RESOURCE_EXHAUSTED when its queue overflows and frees its slot;
 * the node-wide and per-address caps refuse the stream beyond them.
 */
class BlockFeedTest {
  private static final long SEED = 20261203L;
  private final InMemoryBlocks archive = new InMemoryBlocks();
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor executor = tasks::add;

  @Test
  void replayThenLiveSendsEveryHeightOnceWhateverTheInterleaving() {
    System.out.println("BlockFeedTest seed=" + SEED);
    Random random = new Random(SEED);
    for (int trial = 0; trial < 200; trial++) {
      InMemoryBlocks trialArchive = new InMemoryBlocks();
      Queue<Runnable> trialTasks = new ArrayDeque<>();
      BlockFeed feed = new BlockFeed(ApiLimits.defaults().withWatcherQueue(10_000, 1L << 30), trialArchive,
          trialTasks::add);
      int before = random.nextInt(30);
      for (int h = 1; h <= before; h++) {
        trialArchive.append(block(h));
      }
      FakeWatchStream stream = new FakeWatchStream();
      long from = 1L + random.nextInt(before + 1);
      feed.watch(stream, null, from);
      long tip = before;
      int last = before + 40;
      while (tip < last || !trialTasks.isEmpty()) {
        int move = random.nextInt(4);
        if (move == 0 && tip < last) {
          // A commit: persisted to the archive, then published (the driver's order).
          CertifiedBlock b = block(++tip);
          trialArchive.append(b);
          feed.publish(b);
        } else if (move == 1) {
          stream.ready(random.nextInt(3) != 0);
        } else if (!trialTasks.isEmpty()) {
          trialTasks.poll().run();
        }
        if (tip == last && trialTasks.isEmpty() && !stream.isReady()) {
          stream.ready(true);
        }
      }
      assertEquals(LongStream.rangeClosed(from, last).boxed().toList(), stream.heights,
          "trial " + trial + ": from " + from + " with " + before + " blocks before");
      assertNull(stream.ended);
    }
  }

  @Test
  void replayStartsAtMostOneThousandBlocksBack() {
    for (int h = 1; h <= 1_500; h++) {
      archive.append(block(h));
    }
    BlockFeed feed = new BlockFeed(ApiLimits.defaults(), archive, executor);
    FakeWatchStream stream = new FakeWatchStream();
    feed.watch(stream, null, 1);
    runAll();
    assertEquals(LongStream.rangeClosed(501, 1_500).boxed().toList(), stream.heights);
  }

  @Test
  void aWatcherThatStopsReadingIsEndedWhenItsQueueOverflows() {
    BlockFeed feed = new BlockFeed(ApiLimits.defaults().withWatcherQueue(3, 1L << 30), archive, executor);
    FakeWatchStream stream = new FakeWatchStream();
    feed.watch(stream, null, 0);
    stream.ready(false);
    for (int h = 1; h <= 3; h++) {
      commit(feed, h);
    }
    runAll();
    assertNull(stream.ended, "three blocks waiting fit the queue");
    commit(feed, 4);
    runAll();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, stream.ended.getCode());
    assertEquals(0, feed.watchers(), "the slot is free again");
    assertEquals(List.of(), stream.heights);
  }

  @Test
  void theQueueIsBoundedInBytesToo() {
    CertifiedBlock one = block(1);
    int bytes = BlockFeed.response(one).getSerializedSize();
    BlockFeed feed = new BlockFeed(ApiLimits.defaults().withWatcherQueue(1_000, 2L * bytes + 1), archive, executor);
    FakeWatchStream stream = new FakeWatchStream();
    feed.watch(stream, null, 0);
    stream.ready(false);
    commit(feed, 1);
    commit(feed, 2);
    commit(feed, 3);
    runAll();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, stream.ended.getCode());
  }

  @Test
  void watchersBeyondTheCapsAreRefused() throws Exception {
    BlockFeed feed = new BlockFeed(ApiLimits.defaults().withWatchers(3, 2), archive, executor);
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    List<FakeWatchStream> streams = new ArrayList<>();
    for (InetAddress from : List.of(a, a, a, b, b)) {
      FakeWatchStream s = new FakeWatchStream();
      feed.watch(s, from, 0);
      streams.add(s);
    }
    assertNull(streams.get(0).ended);
    assertNull(streams.get(1).ended);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, streams.get(2).ended.getCode(), "third from one address");
    assertNull(streams.get(3).ended);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, streams.get(4).ended.getCode(), "fourth on the node");
    assertEquals(3, feed.watchers());

    streams.get(0).cancel();
    FakeWatchStream again = new FakeWatchStream();
    feed.watch(again, a, 0);
    assertNull(again.ended, "a cancelled stream frees its slot and its address's");
  }

  private void commit(BlockFeed feed, long height) {
    CertifiedBlock b = block(height);
    archive.append(b);
    feed.publish(b);
  }

  private void runAll() {
    while (!tasks.isEmpty()) {
      tasks.poll().run();
    }
  }

  private static CertifiedBlock block(long height) {
    return CertifiedBlock.newBuilder().setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder()
        .setHeight(height).setPrevHash(ByteString.copyFromUtf8("p" + height)))).build();
  }
}
