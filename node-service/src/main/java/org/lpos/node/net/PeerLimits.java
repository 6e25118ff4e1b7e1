package org.lpos.node.net;

/**
 * What the peer mesh holds for its peers, in bytes and streams, and whom it accepts: the memory
 * bounds of the network edge (issue 14). Byte counts are serialized protobuf sizes; a parsed
 * message takes a few times that on the heap, which the defaults allow for in a 1 GiB pod.
 *
 * @param memberStreamInboundBytes bytes a stakeholder's stream may have accepted but the driver
 *     not yet taken; past it the stream is not asked for its next frame (gRPC manual flow
 *     control), so a paused peer costs at most this plus one frame plus its HTTP/2 window
 * @param followerStreamInboundBytes the same for a key without stake, and for any stream before
 *     its handshake completes
 * @param totalInboundBytes all streams' accepted-but-not-taken bytes together; past it every
 *     stream waits
 * @param streamOutboundBytes bytes queued to one peer that it has not read; past it (or past
 *     {@code totalOutboundBytes}) frames to it are dropped and counted
 * @param totalOutboundBytes bytes queued to all peers together
 * @param batchMaxBytes a transaction batch is not merged with the next past this size
 * @param maxFrameBytes largest frame accepted or sent on a dialled channel (the server's own
 *     limit is set with the same value); see {@link FrameLimit}
 * @param handshakeTimeoutMs a stream that has not proved its key within this is closed
 * @param maxInboundStreams peer streams accepted at once, from everyone
 * @param maxStreamsPerAddress peer streams accepted at once from one remote IP address
 * @param membersOnly refuse keys without stake at the handshake instead of serving them as
 *     followers
 */
public record PeerLimits(
    long memberStreamInboundBytes,
    long followerStreamInboundBytes,
    long totalInboundBytes,
    long streamOutboundBytes,
    long totalOutboundBytes,
    int batchMaxBytes,
    int maxFrameBytes,
    long handshakeTimeoutMs,
    int maxInboundStreams,
    int maxStreamsPerAddress,
    boolean membersOnly) {

  /** The default stream limits with {@code maxFrameBytes} for the chain and stakeholders' streams only if asked. */
  public static PeerLimits defaults(int maxFrameBytes, boolean membersOnly) {
    return new PeerLimits(
        16L << 20, // a stakeholder: two of the largest frames of a 4 MiB-block chain in flight
        4L << 20, // a follower or an unproven key: catch-up requests and transactions, little else
        64L << 20, // in flight at the driver for everyone: seconds of backlog at the measured peak
        16L << 20, // queued to one stakeholder: a few block responses of 1 MiB and the votes behind them
        // Queued to all peers. A queued frame is protobuf objects, which take two to three times
        // their serialized size on the heap (measured by the unread-block-requests attack: 128 MiB
        // of queued responses ran a 512 MiB heap out), so this stays well under a fifth of it.
        64L << 20,
        1 << 20, // a merged transaction batch: well under the smallest frame limit
        maxFrameBytes,
        5_000, // an honest handshake is two frames each way, milliseconds on any network
        // Each stream may have one frame of up to maxFrameBytes on its way in whatever the byte
        // budgets say, so the worst case is streams x frame: 128 x (4 MiB + 64 KiB) for 4 MiB
        // blocks, and 64 x that from one address.
        128, // a 40-node demo needs 39 inbound streams; the rest is room for followers
        64, // nodes of a local cluster share 127.0.0.1; in Kubernetes every pod has its own IP
        membersOnly);
  }

  /**
   * Bytes queued to one follower (a key without stake) that it has not read: a follower catching
   * up asks for one batch of blocks (at most a 1 MiB frame) at a time, so two frames are enough,
   * and a hundred strangers that never read cost 200 MiB at most before the total cap.
   */
  public static final long FOLLOWER_STREAM_OUTBOUND_BYTES = 2L << 20;

  /**
   * Bytes queued to all followers together, a pool apart from the stakeholders': strangers that
   * never read fill this one and their frames are dropped, while votes to senators still go out
   * (with one shared pool the unread-block-requests attack stopped every commit).
   */
  public static final long FOLLOWERS_TOTAL_OUTBOUND_BYTES = 32L << 20;

  /** The defaults for a chain whose frames are at most {@link FrameLimit#DEFAULT_FRAME_BYTES}. */
  public static PeerLimits defaults() {
    return defaults(FrameLimit.DEFAULT_FRAME_BYTES, false);
  }

  /** Validates the values. */
  public PeerLimits {
    if (memberStreamInboundBytes <= 0 || followerStreamInboundBytes <= 0 || totalInboundBytes <= 0
        || streamOutboundBytes <= 0 || totalOutboundBytes <= 0 || batchMaxBytes <= 0 || maxFrameBytes <= 0
        || handshakeTimeoutMs <= 0 || maxInboundStreams <= 0 || maxStreamsPerAddress <= 0) {
      throw new IllegalArgumentException("peer limits must be positive: " + this);
    }
  }

  /** These limits with the connection caps and the membership policy replaced. */
  public PeerLimits withStreams(int maxInbound, int maxPerAddress, boolean onlyMembers) {
    return new PeerLimits(memberStreamInboundBytes, followerStreamInboundBytes, totalInboundBytes,
        streamOutboundBytes, totalOutboundBytes, batchMaxBytes, maxFrameBytes, handshakeTimeoutMs, maxInbound,
        maxPerAddress, onlyMembers);
  }

  /** These limits with the inbound byte budgets replaced. */
  public PeerLimits withInboundBytes(long memberStream, long followerStream, long total) {
    return new PeerLimits(memberStream, followerStream, total, streamOutboundBytes, totalOutboundBytes,
        batchMaxBytes, maxFrameBytes, handshakeTimeoutMs, maxInboundStreams, maxStreamsPerAddress, membersOnly);
  }

  /** These limits with the handshake timeout replaced. */
  public PeerLimits withHandshakeTimeoutMs(long timeoutMs) {
    return new PeerLimits(memberStreamInboundBytes, followerStreamInboundBytes, totalInboundBytes,
        streamOutboundBytes, totalOutboundBytes, batchMaxBytes, maxFrameBytes, timeoutMs, maxInboundStreams,
        maxStreamsPerAddress, membersOnly);
  }
}
