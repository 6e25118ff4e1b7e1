package org.lpos.node.deploy;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the final stage of a Dockerfile sets up for the container: ENTRYPOINT and CMD (exec form
 * only, so no shell rewrites the arguments), the EXPOSEd ports and the files it copies from the
 * build stage (destination to source).
 */
record Dockerfile(List<String> entrypoint, List<String> cmd, Set<Integer> exposed, Map<String, String> copiedFromBuild) {
  /** Reads {@code file}; fails on a shell-form ENTRYPOINT or CMD. */
  static Dockerfile read(Path file) throws IOException {
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    Set<Integer> exposed = new TreeSet<>();
    Map<String, String> copied = new LinkedHashMap<>();
    for (String line : instructions(Files.readString(file))) {
      String[] words = line.split("\\s+", 2);
      String keyword = words[0].toUpperCase(Locale.ROOT);
      String rest = words.length > 1 ? words[1].trim() : "";
      switch (keyword) {
        case "FROM" -> {
          entrypoint = List.of();
          cmd = List.of();
          exposed.clear();
          copied.clear();
        }
        case "ENTRYPOINT" -> entrypoint = execForm(file, keyword, rest);
        case "CMD" -> cmd = execForm(file, keyword, rest);
        case "EXPOSE" -> {
          for (String port : rest.split("\\s+")) {
            exposed.add(Integer.parseInt(port.replaceFirst("/tcp$", "")));
          }
        }
        case "COPY" -> {
          List<String> parts = List.of(rest.split("\\s+"));
          if (parts.contains("--from=build") && parts.size() >= 3) {
            copied.put(parts.get(parts.size() - 1), parts.get(parts.size() - 2));
          }
        }
        default -> { }
      }
    }
    return new Dockerfile(entrypoint, cmd, Set.copyOf(exposed), Map.copyOf(copied));
  }

  /** The arguments ENTRYPOINT passes to the program after {@code -jar JAR}. */
  List<String> argumentsAfterJar() {
    int jar = entrypoint.indexOf("-jar");
    return entrypoint.subList(jar + 2, entrypoint.size());
  }

  /** The jar ENTRYPOINT runs, or null without {@code -jar}. */
  String jar() {
    int jar = entrypoint.indexOf("-jar");
    return jar < 0 || jar + 1 >= entrypoint.size() ? null : entrypoint.get(jar + 1);
  }

  private static List<String> instructions(String text) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      result.add(current.toString().strip());
      current.setLength(0);
    }
    if (current.length() > 0) {
      result.add(current.toString().strip());
    }
    return result;
  }

  private static List<String> execForm(Path file, String keyword, String json) {
    try {
      List<String> words = new ArrayList<>();
      JsonParser.parseString(json).getAsJsonArray().forEach(e -> words.add(e.getAsString()));
      return List.copyOf(words);
    } catch (JsonSyntaxException | IllegalStateException | UnsupportedOperationException e) {
      throw new AssertionError(file + ": " + keyword + " must be in exec form (a JSON array): " + json, e);
    }
  }
}
