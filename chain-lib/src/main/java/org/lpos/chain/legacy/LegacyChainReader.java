package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.List;
import org.lpos.proto.v1.LegacyBlock;
import org.lpos.proto.v1.LegacyDirectorCompetition;
import org.lpos.proto.v1.LegacyScript;
import org.lpos.proto.v1.LegacySignature;
import org.lpos.proto.v1.LegacyTransaction;
import org.lpos.proto.v1.LegacyTransactionOutputIndex;
import org.lpos.proto.v1.LegacyTxInput;
import org.lpos.proto.v1.LegacyTxOutput;

/**
 * Decodes the prototype's chain JSON into {@link LegacyBlock} messages. The file is an array of
 * block objects whose {@code txs} and {@code director_competition} are strings holding JSON, as
 * are each transaction's {@code inputs} and {@code outputs}; scripts are base64 of a serialized
 * {@code LegacyScript}. Every message field is set explicitly, even when empty, because the
 * prototype always encoded message fields and the hashes cover those bytes.
 */
public final class LegacyChainReader {
  private LegacyChainReader() {}

  /** Decodes {@code json}; damage is reported per block, never thrown. */
  public static LegacyChainFile read(String json) {
    List<Value> elements;
    try {
      elements = LegacyJson.array(LegacyJson.parse(json, "(file)"), "(file)");
    } catch (MalformedLegacyDataException e) {
      return new LegacyChainFile(
          List.of(), List.of(new LegacyProblem(LegacyLocation.file(), e.field(), e.getMessage())));
    }
    List<LegacyBlockEntry> blocks = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      try {
        blocks.add(new LegacyBlockEntry.Decoded(i, block(elements.get(i))));
      } catch (MalformedLegacyDataException e) {
        blocks.add(new LegacyBlockEntry.Malformed(
            i, new LegacyProblem(LegacyLocation.ofBlock(i), e.field(), e.getMessage())));
      }
    }
    return new LegacyChainFile(blocks, List.of());
  }

  private static LegacyBlock block(Value value) throws MalformedLegacyDataException {
    Struct object = LegacyJson.object(value, "(block)");
    LegacyBlock.Builder block = LegacyBlock.newBuilder()
        .setPrevHash(LegacyJson.bytes(object, "prev_hash", "prev_hash"))
        .setMerkleRoot(LegacyJson.bytes(object, "merkle_root", "merkle_root"));
    List<Value> txs = LegacyJson.embeddedArray(object, "txs", "txs");
    for (int t = 0; t < txs.size(); t++) {
      block.addTxs(transaction(LegacyJson.object(txs.get(t), "txs[" + t + "]"), "txs[" + t + "]"));
    }
    List<Value> signatures =
        LegacyJson.array(LegacyJson.member(object, "senates_signature", "senates_signature"), "senates_signature");
    for (int s = 0; s < signatures.size(); s++) {
      block.addSenatesSignature(signature(signatures.get(s), "senates_signature[" + s + "]"));
    }
    block.setDirectorCompetition(directorCompetition(object));
    return block.build();
  }

  private static LegacyTransaction transaction(Struct tx, String path) throws MalformedLegacyDataException {
    LegacyTransaction.Builder builder = LegacyTransaction.newBuilder();
    List<Value> inputs = LegacyJson.embeddedArray(tx, "inputs", path + ".inputs");
    for (int i = 0; i < inputs.size(); i++) {
      String field = path + ".inputs[" + i + "]";
      Struct input = LegacyJson.object(inputs.get(i), field);
      builder.addInputs(LegacyTxInput.newBuilder()
          .setTransactionHash(LegacyJson.bytes(input, "transaction_hash", field + ".transaction_hash"))
          .setTransactionIdx(LegacyJson.integer(input, "transaction_idx", field + ".transaction_idx"))
          .setScript(script(LegacyJson.bytes(input, "script", field + ".script"), field + ".script")));
    }
    List<Value> outputs = LegacyJson.embeddedArray(tx, "outputs", path + ".outputs");
    for (int o = 0; o < outputs.size(); o++) {
      String field = path + ".outputs[" + o + "]";
      Struct output = LegacyJson.object(outputs.get(o), field);
      builder.addOutputs(LegacyTxOutput.newBuilder()
          .setValue(LegacyJson.integer(output, "value", field + ".value"))
          .setScript(script(LegacyJson.bytes(output, "script", field + ".script"), field + ".script")));
    }
    return builder.build();
  }

  private static LegacyScript script(ByteString bytes, String field) throws MalformedLegacyDataException {
    LegacyScript script;
    try {
      script = LegacyScript.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedLegacyDataException(field, "not a serialized script");
    }
    // The tx id hashes the re-serialized script, so bytes that do not survive the round trip
    // would silently change the id the prototype computed.
    if (!script.toByteString().equals(bytes)) {
      throw new MalformedLegacyDataException(field, "script is not in the prototype's canonical encoding");
    }
    return script;
  }

  private static LegacySignature signature(Value pair, String field) throws MalformedLegacyDataException {
    List<Value> parts = LegacyJson.tuple(pair, 2, field);
    return LegacySignature.newBuilder()
        .setSigner(LegacyJson.bytes(parts.get(0), field + ".signer"))
        .setSignature(LegacyJson.bytes(parts.get(1), field + ".signature"))
        .build();
  }

  private static LegacyDirectorCompetition directorCompetition(Struct block)
      throws MalformedLegacyDataException {
    String path = "director_competition";
    Struct object = LegacyJson.embeddedObject(block, "director_competition", path);
    List<Value> txoIdx = LegacyJson.tuple(LegacyJson.member(object, "txo_idx", path + ".txo_idx"), 2, path + ".txo_idx");
    long index = LegacyJson.integer(txoIdx.get(1), path + ".txo_idx");
    if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
      throw new MalformedLegacyDataException(path + ".txo_idx", "output index does not fit the prototype's int32");
    }
    return LegacyDirectorCompetition.newBuilder()
        .setSignature(signature(
            LegacyJson.member(object, "director_signature", path + ".director_signature"),
            path + ".director_signature"))
        .setTxoIdx(LegacyTransactionOutputIndex.newBuilder()
            .setTransactionHash(LegacyJson.bytes(txoIdx.get(0), path + ".txo_idx"))
            .setTransactionIdx((int) index))
        .setQ(LegacyJson.bytes(object, "q", path + ".q"))
        .build();
  }
}
