package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.NodeGrpc;

/**
 * What an attacker learns about a node from its public Node API, which is all a stranger needs to
 * pass for a peer: the chain it follows (the id from GetStatus, the genesis hash as block 1's
 * parent), its key, the height it is deciding and the block it last committed.
 *
 * @param chainId the chain's id
 * @param genesisHash the hash of the chain's genesis block
 * @param publicKey the node's key
 * @param height the height the node is deciding (its tip plus one)
 * @param lastBlock the block at {@code height - 1}, with its certificate
 */
public record NodeFacts(String chainId, ByteString genesisHash, ByteString publicKey, long height,
    CertifiedBlock lastBlock) {
  /**
   * Generous: the attacker's first call also sets up TLS, and an attacker run at low priority on a
   * machine its target keeps busy (as the attack suite runs it) can take seconds to do that.
   */
  private static final long CALL_TIMEOUT_MS = 30_000;

  /** Asks the node at the other end of {@code channel}; it must have committed block 1. */
  public static NodeFacts read(Channel channel) {
    NodeGrpc.NodeBlockingStub api = NodeGrpc.newBlockingStub(channel);
    GetStatusResponse status = api.withWaitForReady().withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .getStatus(GetStatusRequest.getDefaultInstance());
    if (status.getHeight() < 2) {
      throw new IllegalStateException("the node has committed no block yet; attack it once it has");
    }
    CertifiedBlock first = block(api, 1);
    CertifiedBlock last = status.getHeight() == 2 ? first : block(api, status.getHeight() - 1);
    return new NodeFacts(status.getChainId(), first.getBlock().getHeader().getPrevHash(), status.getPublicKey(),
        status.getHeight(), last);
  }

  /** The height {@code channel}'s node is deciding now (a cheap poll, for attacks that track it). */
  public static long height(Channel channel) {
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .getStatus(GetStatusRequest.getDefaultInstance()).getHeight();
  }

  private static CertifiedBlock block(NodeGrpc.NodeBlockingStub api, long height) {
    return api.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .getBlock(GetBlockRequest.newBuilder().setHeight(height).build()).getBlock();
  }
}
