package org.lpos.chain.chainfile;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes protobuf messages as JSON files through protobuf's JsonFormat, which rejects
 * unknown fields and wrong types. Writes go to a temporary file that is then renamed, so a reader
 * never sees half a file.
 */
public final class JsonFiles {
  private JsonFiles() {}

  /** Parses {@code path} into {@code builder}. */
  public static <B extends Message.Builder> B read(Path path, B builder) throws ChainFileException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ChainFileException(path + ": no such file");
    } catch (IOException e) {
      throw new ChainFileException(path + ": cannot read: " + oneLine(e.getMessage()), e);
    }
    try {
      JsonFormat.parser().merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new ChainFileException(path + ": not a valid " + builder.getDescriptorForType().getName()
          + " JSON file: " + oneLine(e.getMessage()), e);
    }
    return builder;
  }

  /** Writes {@code message} to {@code path} as JSON, readable by everyone. */
  public static void write(Path path, Message message) throws IOException {
    write(path, message, false);
  }

  /**
   * Writes {@code message} to {@code path} as JSON; a {@code secret} file (keys) is readable by
   * its owner only.
   */
  public static void write(Path path, Message message, boolean secret) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
    try {
      if (!secret && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.writeString(tmp, JsonFormat.printer().print(message) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code message} on one line, without exception class names or links, at most 300 characters. */
  static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String flat = message
        .replaceAll("(?:[a-z]\\w*\\.)+\\w*(?:Exception|Error): ", "")
        .replaceAll(" See https?://\\S+", "")
        .replaceAll("\\s+", " ")
        .trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
