package org.lpos.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small file replaced durably and atomically: a write goes to a temporary file that is fsynced,
 * renamed over the old file, and the directory is fsynced, so a crash before the rename leaves the
 * old contents and a crash after it the new ones, never a torn file. Used for the records a node
 * must have on disk before its signed messages leave.
 */
final class AtomicFile {
  private final Path dir;
  private final Path file;
  private final Path tmp;

  AtomicFile(Path dir, String name) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.file = dir.resolve(name);
    this.tmp = dir.resolve(name + ".tmp");
  }

  Path path() {
    return file;
  }

  /** The contents, or empty when the file was never written. */
  Optional<byte[]> read() throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces the contents durably; returns only once they are on disk. */
  void write(ByteBuffer contents) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (contents.hasRemaining()) {
        ch.write(contents);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the data directory's file system cannot rename atomically: " + dir, e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** The CRC32C of the first {@code length} bytes, as the records in these files carry it. */
  static long checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }
}
