package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A client-side stream observer that records what arrives and lets a test wait for the end. */
final class RecordingObserver<T> implements StreamObserver<T> {
  final List<T> values = new CopyOnWriteArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  volatile Throwable error;
  volatile boolean completed;

  @Override
  public void onNext(T value) {
    values.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    done.countDown();
  }

  @Override
  public void onCompleted() {
    completed = true;
    done.countDown();
  }

  boolean finished() {
    return done.getCount() == 0;
  }

  /** Waits (with a deadline) for the stream to complete or fail. */
  RecordingObserver<T> awaitEnd() throws InterruptedException {
    assertTrue(done.await(10, TimeUnit.SECONDS), "the stream did not end within 10 s");
    return this;
  }
}
