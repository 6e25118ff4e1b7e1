package org.lpos.node.cli;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --source-address IP}: an IP literal (no name is looked up) that this machine can
 * bind a socket to, checked at start: a node that could not bind it would fail every dial to its
 * peers and sit alone, which a refused option says at once instead.
 */
final class SourceAddressOption implements ITypeConverter<InetAddress> {
  @Override
  public InetAddress convert(String value) {
    if (!InetAddresses.isInetAddress(value)) {
      throw new TypeConversionException("'" + value + "' is not an IP address (e.g. 127.0.0.10)");
    }
    InetAddress address = InetAddresses.forString(value);
    try (Socket probe = new Socket()) {
      probe.bind(new InetSocketAddress(address, 0));
    } catch (IOException e) {
      throw new TypeConversionException("cannot bind to " + value + " on this machine: " + e.getMessage());
    }
    return address;
  }
}
