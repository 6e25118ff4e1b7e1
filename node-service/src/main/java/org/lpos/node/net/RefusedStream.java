package org.lpos.node.net;

import io.grpc.stub.StreamObserver;
import org.lpos.proto.v1.PeerEnvelope;

/** What a refused inbound stream's frames go to: nothing (the stream was already failed). */
final class RefusedStream implements StreamObserver<PeerEnvelope> {
  @Override
  public void onNext(PeerEnvelope value) {}

  @Override
  public void onError(Throwable t) {}

  @Override
  public void onCompleted() {}
}
