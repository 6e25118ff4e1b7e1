package org.lpos.lab.netem;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How each link between two nodes behaves, from a small text file: nodes are put into named
 * regions, and each pair of regions (in both directions) gets a {@link LinkProfile}. For example,
 * two regions 80 ms apart:
 *
 * <pre>
 * # config/netem/two-regions.txt
 * region eu 0 1
 * region us 2 3
 * link eu us delay=80ms jitter=5ms loss=0.5%
 * link eu eu delay=2ms
 * link us us delay=2ms
 * </pre>
 *
 * <p>{@code default SPEC} sets the profile of every pair no {@code link} line names (loopback
 * unless given); a node in no region is its own region, named by its index. Lines are bounded in
 * count and length, and every mistake is refused with its line number.
 */
public final class LinkMatrix {
  /** Lines a matrix file may have (comments and blank lines included). */
  public static final int MAX_LINES = 1_000;
  /** Characters a matrix file may have. */
  public static final int MAX_CHARS = 64 * 1_024;
  /** Highest node index a region may name: as many nodes as a local cluster runs. */
  public static final int MAX_NODE = 99;

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

  private final Map<Integer, String> regionOf;
  private final Map<String, LinkProfile> links;
  private final LinkProfile fallback;

  private LinkMatrix(Map<Integer, String> regionOf, Map<String, LinkProfile> links, LinkProfile fallback) {
    this.regionOf = Map.copyOf(regionOf);
    this.links = Map.copyOf(links);
    this.fallback = fallback;
  }

  /** Every link with the same profile. */
  public static LinkMatrix uniform(LinkProfile profile) {
    return new LinkMatrix(Map.of(), Map.of(), profile);
  }

  /**
   * Reads a matrix from the text of a file.
   *
   * @throws IllegalArgumentException naming the line that is wrong
   */
  public static LinkMatrix parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("a link matrix has at most " + MAX_CHARS + " characters");
    }
    List<String> lines = text.lines().toList();
    if (lines.size() > MAX_LINES) {
      throw new IllegalArgumentException("a link matrix has at most " + MAX_LINES + " lines");
    }
    Map<Integer, String> regionOf = new HashMap<>();
    Map<String, LinkProfile> links = new LinkedHashMap<>();
    LinkProfile fallback = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+", 4);
      try {
        switch (words[0]) {
          case "region" -> region(line, regionOf);
          case "link" -> {
            if (words.length < 4) {
              throw new IllegalArgumentException("write: link REGION REGION delay=...ms ...");
            }
            LinkProfile profile = LinkProfile.parse(words[3]);
            String a = regionName(words[1]);
            String b = regionName(words[2]);
            if (links.put(key(a, b), profile) != null) {
              throw new IllegalArgumentException("the link " + a + "-" + b + " is given twice");
            }
          }
          case "default" -> {
            if (fallback != null) {
              throw new IllegalArgumentException("default is given twice");
            }
            fallback = LinkProfile.parse(line.substring("default".length()).strip());
          }
          default -> throw new IllegalArgumentException("a line starts with region, link, default or #");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (n + 1) + " (" + abbreviate(line) + "): " + e.getMessage(), e);
      }
    }
    return new LinkMatrix(regionOf, links, fallback == null ? LinkProfile.LOOPBACK : fallback);
  }

  /** The profile of the link from node {@code from} to node {@code to}. */
  public LinkProfile profile(int from, int to) {
    LinkProfile p = links.get(key(regionOf(from), regionOf(to)));
    return p == null ? fallback : p;
  }

  /** Whether every link of {@code nodes} nodes is as fast as loopback. */
  public boolean isLoopback(int nodes) {
    for (int i = 0; i < nodes; i++) {
      for (int j = 0; j < nodes; j++) {
        if (i != j && !profile(i, j).isLoopback()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The highest node index a region names, or -1 (a cluster must run at least that many nodes). */
  public int highestNode() {
    return regionOf.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
  }

  private String regionOf(int node) {
    return regionOf.getOrDefault(node, Integer.toString(node));
  }

  private static void region(String line, Map<Integer, String> regionOf) {
    String[] all = line.split("\\s+");
    if (all.length < 3) {
      throw new IllegalArgumentException("write: region NAME NODE [NODE...]");
    }
    String name = all[1];
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a region name is a letter then up to 31 letters, digits, - or _");
    }
    for (int k = 2; k < all.length; k++) {
      int node;
      try {
        node = Integer.parseInt(all[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + all[k] + "\" is not a node index");
      }
      if (node < 0 || node > MAX_NODE) {
        throw new IllegalArgumentException("node " + node + " is not 0-" + MAX_NODE);
      }
      String before = regionOf.put(node, name);
      if (before != null) {
        throw new IllegalArgumentException("node " + node + " is already in region " + before);
      }
    }
  }

  /** A region's name as a link line gives it: a declared name or a node's index. */
  private static String regionName(String word) {
    if (NAME.matcher(word).matches()) {
      return word;
    }
    try {
      int node = Integer.parseInt(word);
      if (node >= 0 && node <= MAX_NODE) {
        return Integer.toString(node);
      }
    } catch (NumberFormatException notANumber) {
      // Falls through to the message below.
    }
    throw new IllegalArgumentException("\"" + word + "\" is neither a region name nor a node index 0-" + MAX_NODE);
  }

  /** One key per unordered pair: links are symmetric. */
  private static String key(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
