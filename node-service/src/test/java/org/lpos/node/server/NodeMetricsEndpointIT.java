package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;
import org.lpos.service.MetricsEndpoint;

/**
 * Four real nodes on 127.0.0.1 commit a client's transaction; node 0's {@code /metrics}, served
 * over HTTP, then shows the height, the committed transaction and its commit latency, the peer
 * streams and their traffic by message type, the refused replay by reason, its gRPC calls, and
 * JVM and process metrics. Closing the endpoint frees the port.
 */
class NodeMetricsEndpointIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LoopbackNodes cluster = new LoopbackNodes();
  private final List<Member> members = TestMembers.derive(12, 4);
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
    cluster.close();
  }

  @Test
  void scrapedMetricsDescribeWhatTheNodeDid() throws Exception {
    ChainFile chain = LoopbackNodes.chain("lpos-metrics", "m", 4, members, 250_000);
    List<LposNode> nodes = new ArrayList<>();
    for (Member m : members) {
      nodes.add(cluster.start(m, chain));
    }
    for (LposNode a : nodes) {
      for (LposNode b : nodes) {
        if (a != b) {
          a.network().connect("127.0.0.1:" + b.port());
        }
      }
    }
    await("a full mesh", 60, () -> nodes.stream().allMatch(n -> n.network().connected().size() == 3));
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, nodes.get(0).metrics().registry());
    String url = "http://127.0.0.1:" + endpoint.port() + "/metrics";

    NodeGrpc.NodeBlockingStub client = NodeGrpc.newBlockingStub(cluster.channel(nodes.get(0)));
    Utxo source = client.listUtxos(ListUtxosRequest.newBuilder().setOwner(members.get(0).keys().publicKey()).build())
        .getUtxos(0);
    Transaction tx = Transactions.sign("lpos-metrics", Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
        .addOutputs(TxOutput.newBuilder().setValue(10).setLock(Scripts.standardLock(members.get(1).keys().publicKey())))
        .addOutputs(TxOutput.newBuilder().setValue(source.getValue() - 10)
            .setLock(Scripts.standardLock(members.get(0).keys().publicKey())))
        .build(), List.of(members.get(0).keys()));
    client.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
    await("height 1 committed on node 0", 60,
        () -> client.getStatus(GetStatusRequest.getDefaultInstance()).getHeight() >= 2);
    assertThrows(StatusRuntimeException.class,
        () -> client.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build()));

    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        "Prometheus text format: " + response.headers());
    String text = response.body();
    String node = "node=\"n" + members.get(0).index() + "\"";
    assertEquals(1, value(text, "lpos_chain_height{" + node + "}"));
    assertEquals(1, value(text, "lpos_chain_committed_transactions_total{" + node + "}"));
    assertEquals(1, value(text, "lpos_commit_latency_seconds_count{" + node + "}"),
        "timed from the submission to the commit");
    assertEquals(3, value(text, "lpos_net_connected_peers{" + node + "}"));
    assertTrue(value(text, "lpos_net_sent_bytes_total{" + node + ",type=\"vote\"}") > 0, "votes were sent");
    assertTrue(value(text, "lpos_core_rejected_inputs_total{" + node + ",reason=\"missing_input\"}") >= 1,
        "the replayed transaction spends a spent output");
    assertTrue(text.contains("grpc_server_processing_duration_seconds_count{method=\"SubmitTransaction\""),
        "gRPC server calls are counted");
    assertTrue(text.contains("jvm_memory_used_bytes{") && text.contains("process_cpu_usage{"), "JVM and process");

    endpoint.close();
    endpoint = null;
    assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  /** The value of the series that starts with {@code series} (labels in the order Prometheus writes them). */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }
}
