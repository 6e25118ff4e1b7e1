package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;

/** ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381) behind {@link SeedProofs}. */
final class EcvrfSeedProofs implements SeedProofs {
  static final EcvrfSeedProofs INSTANCE = new EcvrfSeedProofs();

  private EcvrfSeedProofs() {}

  @Override
  public ByteString prove(KeyPair key, byte[] alpha) {
    throw new UnsupportedOperationException("ECVRF arrives with branch vrf");
  }

  @Override
  public Optional<ByteString> verify(ByteString publicKey, ByteString proof, byte[] alpha) {
    throw new UnsupportedOperationException("ECVRF arrives with branch vrf");
  }

  @Override
  public Optional<ByteString> outputOf(ByteString proof) {
    throw new UnsupportedOperationException("ECVRF arrives with branch vrf");
  }
}
