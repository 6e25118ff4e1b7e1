package org.lpos.node.net;

import io.grpc.stub.StreamObserver;
import org.lpos.proto.v1.PeerEnvelope;

/**
 * Where frames nobody reads go: nowhere. A refused inbound stream (already failed) reads its
 * peer's frames into it, and a client that only sends can give it as its response observer.
 */
public final class DiscardingStream implements StreamObserver<PeerEnvelope> {
  @Override
  public void onNext(PeerEnvelope value) {}

  @Override
  public void onError(Throwable t) {}

  @Override
  public void onCompleted() {}
}
