package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The node's instance id for discovery, kept in its data directory ({@code DATA/instance.id}).
 * Discovery refuses a live name to any other instance until its lease ends, which is what stops
 * two processes from running one member. A node restarted on its own data directory (after a
 * crash, a pod reschedule) is the same instance and takes its name back at once instead of
 * waiting out its predecessor's lease; a second process on another directory is a different
 * instance and is refused. Two processes cannot share one directory: the chain store locks it.
 */
public final class InstanceIdFile {
  /** The file's name inside the data directory. */
  public static final String NAME = "instance.id";

  private InstanceIdFile() {}

  /**
   * The id kept in {@code dataDir}, or a new random one of {@code length} bytes written there
   * first; a file of another length (damaged, or from another version) is replaced.
   */
  public static ByteString loadOrCreate(Path dataDir, int length) throws IOException {
    return loadOrWrite(dataDir, random(length));
  }

  /** A new random id of {@code length} bytes (not yet kept anywhere). */
  public static ByteString random(int length) {
    byte[] id = new byte[length];
    new SecureRandom().nextBytes(id);
    return ByteString.copyFrom(id);
  }

  /**
   * The id kept in {@code dataDir}, or {@code fresh} written there first (a node that already
   * named itself after a new id keeps that id); a file of another length than {@code fresh} is
   * replaced.
   */
  public static ByteString loadOrWrite(Path dataDir, ByteString fresh) throws IOException {
    AtomicFile file = new AtomicFile(dataDir, NAME);
    Optional<byte[]> kept = file.read();
    if (kept.isPresent() && kept.get().length == fresh.size()) {
      return ByteString.copyFrom(kept.get());
    }
    file.write(fresh.asReadOnlyByteBuffer());
    return fresh;
  }
}
