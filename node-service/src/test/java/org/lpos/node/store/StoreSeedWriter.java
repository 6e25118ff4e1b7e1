package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.OutputKey;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;

/**
 * Writes the seed corpora of the store fuzz tests with the real encoders: a head, an output, and
 * signer and agreement state files as a node writes them. Not part of the build; run with
 * {@code ./mvnw -pl node-service -am test -Dtest=StoreSeedWriter -Dlpos.writeSeeds=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lpos.writeSeeds", matches = "true")
class StoreSeedWriter {
  private static final Path RESOURCES = Path.of("src/test/resources/org/lpos/node/store");

  @TempDir Path dir;

  @Test
  void storeSeeds() throws IOException {
    ByteString hash = ByteString.copyFrom(new byte[32]).concat(ByteString.EMPTY);
    write("StoreCodecFuzzTestInputs/head/head", StoreCodec.encodeHead(
        new StoreCodec.Head(7, hash, 1_700_000_000_000L, ByteString.copyFromUtf8("q-of-block-7"), 12)));
    byte[] key = StoreCodec.utxoKey(new OutputKey(ByteString.copyFrom(new byte[32]), 3));
    ByteString owner = TestMembers.derive(1, 1).get(0).keys().publicKey();
    byte[] payload = ByteBuffer.allocate(8 + owner.size()).putLong(1_000).put(owner.toByteArray()).array();
    byte[] utxo = ByteBuffer.allocate(1 + key.length + payload.length)
        .put((byte) key.length).put(key).put(payload).array();
    write("StoreCodecFuzzTestInputs/utxoChecksummed/utxo", utxo);
    byte[] stored = ChecksummedValue.wrap(ChainStore.UTXOS, key, payload);
    write("StoreCodecFuzzTestInputs/utxo/utxo", ByteBuffer.allocate(1 + key.length + stored.length)
        .put((byte) key.length).put(key).put(stored).array());

    new SignerStateFile(dir).write(new SignerRecord(5, 2, SignerRecord.SignStep.PRECOMMIT, hash));
    byte[] signer = Files.readAllBytes(dir.resolve("signer.state"));
    write("StateFilesFuzzTestInputs/signerState/precommit", signer);
    write("StateFilesFuzzTestInputs/signerStateChecksummed/precommit", Arrays.copyOf(signer, signer.length - 8));
    new SignerStateFile(dir).write(new SignerRecord(6, 0, SignerRecord.SignStep.PREVOTE, ByteString.EMPTY));
    signer = Files.readAllBytes(dir.resolve("signer.state"));
    write("StateFilesFuzzTestInputs/signerStateChecksummed/nil_prevote", Arrays.copyOf(signer, signer.length - 8));

    Block block = GenesisBuilder.build(ChainParams.newBuilder().setChainId("lpos-seed").setSenateSeats(1).build(),
        ByteString.copyFromUtf8("q"), 1_000, List.of(new GenesisBuilder.Allocation(owner, 10)));
    new AgreementStateFile(dir).write(AgreementState.newBuilder().setHeight(5).setLockedRound(1)
        .setLockedValue(block).setValidRound(1).setValidValue(block).build());
    byte[] agreement = Files.readAllBytes(dir.resolve("agreement.state"));
    write("StateFilesFuzzTestInputs/agreementState/locked", agreement);
    write("StateFilesFuzzTestInputs/agreementStateChecksummed/locked",
        Arrays.copyOf(agreement, agreement.length - 8));
  }

  private static void write(String name, byte[] bytes) throws IOException {
    Path path = RESOURCES.resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
  }
}
