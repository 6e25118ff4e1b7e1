package org.lpos.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The original's {@code --profile FILE} (it ran the node under a Python profiler): a Java Flight
 * Recorder recording of the whole run with the JDK's "profile" settings, written to FILE when the
 * node stops: by {@link #write} on a normal end ({@code --timeout}), and by JFR's own shutdown
 * hook on SIGTERM or Ctrl-C (shutdown hooks run in no set order, so the node's own hook leaves
 * the recording to JFR's).
 */
final class ProfileRecording {
  private ProfileRecording() {}

  /** {@code --profile FILE}: starts recording, or null without a FILE; a bad FILE is the user's error. */
  static Recording startIfAsked(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return start(file);
    } catch (IOException | ParseException e) {
      throw new UserInputException("--profile " + file + ": " + e.getMessage());
    }
  }

  /** Starts recording; FILE's directory is created, and an unwritable FILE fails here, not at exit. */
  static Recording start(Path file) throws IOException, ParseException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setName("lpos node --profile");
    recording.setToDisk(true);
    recording.setDestination(file);
    recording.setDumpOnExit(true);
    recording.start();
    return recording;
  }

  /** Stops {@code recording} (null: none), which writes its file; once. */
  static synchronized void write(Recording recording) {
    if (recording != null && recording.getState() == RecordingState.RUNNING) {
      recording.stop();
    }
  }
}
