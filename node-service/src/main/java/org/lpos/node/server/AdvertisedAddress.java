package org.lpos.node.server;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address a node tells discovery and its peers to dial: {@code HOST} with the port it binds,
 * or {@code HOST:PORT} when peers reach it through another port (a port forward, a NAT, or the
 * lab's link relays that make a slower network). An IPv6 host goes in brackets.
 *
 * @param host the host peers dial
 * @param port the port peers dial, or empty for the bound port
 */
public record AdvertisedAddress(String host, OptionalInt port) {
  private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]\\s]+)(?::([0-9]{1,5}))?");

  /** Checks the parts. */
  public AdvertisedAddress {
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65_535)) {
      throw new IllegalArgumentException("port must be 1-65535: " + port.getAsInt());
    }
  }

  /**
   * Reads {@code HOST} or {@code HOST:PORT} ({@code [IPv6]} or {@code [IPv6]:PORT}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AdvertisedAddress parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (text == null || text.length() > 255 || !m.matches()) {
      throw new IllegalArgumentException("not HOST or HOST:PORT: '" + text + "'");
    }
    return new AdvertisedAddress(m.group(1),
        m.group(2) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(2))));
  }

  /** HOST:PORT peers dial, the given port unless another was advertised. */
  public String address(int boundPort) {
    return host + ":" + port.orElse(boundPort);
  }
}
