package org.lpos.node.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.lpos.node.net.ServerTls;
import org.lpos.node.net.TlsIdentity;

/**
 * A node's TLS options: {@code --tls}, {@code --tls-cert}/{@code --tls-key} (default: a
 * self-signed identity made at start) and {@code --api-client-ca}.
 */
record NodeTlsOptions(TlsSwitch tls, Path certificate, Path key, Path clientCa) {

  /** The server's TLS, or a clear error for options that do not go together. */
  ServerTls serverTls(String nodeName) {
    if (tls == TlsSwitch.off) {
      if (certificate != null || key != null || clientCa != null) {
        throw new UserInputException("--tls-cert, --tls-key and --api-client-ca need --tls=on");
      }
      return ServerTls.off();
    }
    if ((certificate == null) != (key == null)) {
      throw new UserInputException("give --tls-cert and --tls-key together");
    }
    try {
      TlsIdentity identity = certificate == null ? TlsIdentity.ephemeral(nodeName)
          : TlsIdentity.fromFiles(certificate, key);
      Optional<X509Certificate> ca = clientCa == null ? Optional.empty()
          : Optional.of(TlsIdentity.readCertificate(clientCa));
      return new ServerTls(true, identity, ca);
    } catch (IOException e) {
      throw new UserInputException("TLS files: " + e.getMessage());
    }
  }
}
