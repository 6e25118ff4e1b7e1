package org.lpos.chain.ticket;

import com.google.protobuf.ByteString;
import java.util.Comparator;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.UtxoSet;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Ticket;

/**
 * Director-competition tickets (PROTOCOL §6): {@code q = Sign(LPOS/q || chain_id || H(q(h-1)))}
 * and {@code sig = Sign(LPOS/ticket || chain_id || hash(block h-1) || serialize(output ref))}.
 * The lowest {@code sig} (unsigned bytes) wins and its {@code q} seeds the next draw.
 */
public final class Tickets {
  /** Orders tickets by {@code sig} as unsigned bytes: the first is the winner. */
  public static final Comparator<Ticket> ORDER =
      Comparator.comparing(Ticket::getSig, ByteString.unsignedLexicographicalComparator());

  private Tickets() {}

  /** The payload signed for {@code q}: {@code H(previous q)}. */
  public static byte[] qPayload(ByteString previousQ) {
    return Hashes.doubleSha256(previousQ.toByteArray());
  }

  /** The payload signed for {@code sig}: {@code hash(block h-1) || serialize(output ref)}. */
  public static byte[] sigPayload(ByteString previousBlockHash, OutputRef output) {
    return previousBlockHash.concat(output.toByteString()).toByteArray();
  }

  /** The ticket of {@code owner} for the height after the block {@code previousBlockHash}. */
  public static Ticket create(
      KeyPair owner, String chainId, ByteString previousBlockHash, ByteString previousQ, OutputKey output) {
    OutputRef ref = output.toProto();
    return Ticket.newBuilder()
        .setOwner(owner.publicKey())
        .setOutput(ref)
        .setQ(owner.sign(Domain.Q, chainId, qPayload(previousQ)))
        .setSig(owner.sign(Domain.TICKET, chainId, sigPayload(previousBlockHash, ref)))
        .build();
  }

  /**
   * The output an honest member names in its ticket: its largest, ties broken by the smaller
   * output reference. Empty if it owns nothing.
   */
  public static Optional<Utxo> entryOutput(ByteString owner, UtxoSet utxos) {
    return utxos.largestOwnedBy(owner);
  }

  /** The genesis block's ticket: only the seed {@code q}. */
  public static Ticket genesis(ByteString q) {
    return Ticket.newBuilder().setQ(q).build();
  }
}
