package org.lpos.node.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A free TCP port, held until the node binds it. A node given PORT 0 must tell discovery the port
 * peers dial before it starts (discovery's answer may say which member's key to start with), so
 * it binds any free port here, registers it, and releases it just before its server binds it.
 * Another process could take the port in that instant; the node then fails to start with a
 * message saying so, rather than register a port it does not listen on.
 */
final class FreePort implements AutoCloseable {
  private final ServerSocket socket;

  private FreePort(ServerSocket socket) {
    this.socket = socket;
  }

  /** Binds any free port on {@code host}. */
  static FreePort reserve(String host) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(new InetSocketAddress(host, 0));
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot bind a free port on " + host + ": " + e.getMessage(), e);
    }
    return new FreePort(s);
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a listening socket that accepted nothing cannot lose data.
    }
  }
}
