package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.GetStatusResponse;

/**
 * What {@code grpcurl} does against a running node through server reflection, with no proto
 * files: list the services (Node, Peer and Health among them), fetch the file descriptor that
 * defines {@code lpos.v1.Node} (with its dependencies), and call GetStatus with a request parsed
 * from JSON into a DynamicMessage of the reflected type, printing the answer as JSON; and every
 * grpcurl command the README shows names a reflected service, message or method.
 */
class NodeReflectionIT {
  /**
   * {@code grpcurl (-insecure | -cacert FILE | -plaintext) [-d 'JSON'] HOST:PORT (list | describe
   * SYMBOL | SERVICE/METHOD)}.
   */
  private static final Pattern GRPCURL = Pattern.compile(
      "^grpcurl (?:-insecure|-plaintext|-cacert \\S+) (?:-d '([^']*)' )?\\S+ (list|describe|[\\w.]+/\\w+)(?: ([\\w.]+))?");
  private final List<Member> members = TestMembers.derive(41, 1);
  private final LoopbackNodes loopback = new LoopbackNodes();

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void grpcurlStyleListDescribeAndCallGetStatus() throws Exception {
    LposNode node = loopback.start(members.get(0), LoopbackNodes.chain("lpos-reflection", "g", 1, members, 1_000));
    ManagedChannel channel = loopback.channel(node);

    List<String> services = reflect(channel, ServerReflectionRequest.newBuilder().setListServices("").build())
        .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    assertTrue(services.containsAll(List.of("lpos.v1.Node", "lpos.v1.Peer", "grpc.health.v1.Health")),
        "services: " + services);

    FileDescriptor file = fileContaining(channel, "lpos.v1.Node");
    ServiceDescriptor service = file.findServiceByName("Node");
    MethodDescriptor getStatus = service.findMethodByName("GetStatus");
    assertEquals("lpos.v1.GetStatusResponse", getStatus.getOutputType().getFullName());

    DynamicMessage.Builder request = DynamicMessage.newBuilder(getStatus.getInputType());
    JsonFormat.parser().merge("{}", request);
    DynamicMessage answer = ClientCalls.blockingUnaryCall(channel, generic(getStatus),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request.build());
    String json = JsonFormat.printer().print(answer);

    GetStatusResponse.Builder typed = GetStatusResponse.newBuilder();
    JsonFormat.parser().merge(json, typed);
    assertEquals("lpos-reflection", typed.getChainId(), json);
    assertEquals(members.get(0).keys().publicKey(), typed.getPublicKey(), json);
    assertTrue(typed.getHeight() >= 1, json);
  }

  /**
   * Every {@code grpcurl} line of the README names something the node's reflection serves: a
   * described symbol exists, a called method exists (WatchBlocks server-streaming), and the
   * {@code -d} JSON parses into the method's request type, as grpcurl would parse it.
   */
  @Test
  void readmeGrpcurlCommandsMatchTheReflectedServices() throws Exception {
    LposNode node = loopback.start(members.get(0), LoopbackNodes.chain("lpos-reflection", "g", 1, members, 1_000));
    ManagedChannel channel = loopback.channel(node);
    Set<String> covered = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      Matcher m = GRPCURL.matcher(line);
      if (!m.find()) {
        continue;
      }
      String json = m.group(1);
      String verb = m.group(2);
      String argument = m.group(3);
      if (verb.equals("list")) {
        covered.add("list");
      } else if (verb.equals("describe")) {
        FileDescriptor file = fileContaining(channel, argument);
        String local = argument.substring(argument.lastIndexOf('.') + 1);
        assertTrue(file.findServiceByName(local) != null || file.findMessageTypeByName(local) != null,
            "README describes " + argument);
        covered.add("describe");
      } else {
        String serviceName = verb.substring(0, verb.indexOf('/'));
        String methodName = verb.substring(verb.indexOf('/') + 1);
        ServiceDescriptor service = fileContaining(channel, serviceName)
            .findServiceByName(serviceName.substring(serviceName.lastIndexOf('.') + 1));
        MethodDescriptor method = service.findMethodByName(methodName);
        assertTrue(method != null, "README calls " + verb);
        assertEquals(methodName.equals("WatchBlocks"), method.toProto().getServerStreaming(), verb + " streaming");
        DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
        JsonFormat.parser().merge(json == null ? "{}" : json, request);
        covered.add(methodName);
      }
    }
    assertTrue(covered.containsAll(List.of("list", "describe", "GetStatus", "GetBlock", "WatchBlocks")),
        "README grpcurl commands cover " + covered);
  }

  private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> generic(MethodDescriptor method) {
    return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
            method.getService().getFullName(), method.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
        .build();
  }

  /** The file defining {@code symbol}, built from the reflected protos of it and its imports. */
  private static FileDescriptor fileContaining(ManagedChannel channel, String symbol) throws Exception {
    ServerReflectionResponse r = reflect(channel,
        ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
    Map<String, FileDescriptorProto> protos = new HashMap<>();
    for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
      protos.put(p.getName(), p);
    }
    FileDescriptorProto first = FileDescriptorProto.parseFrom(r.getFileDescriptorResponse().getFileDescriptorProto(0));
    return build(first.getName(), protos, channel, new HashMap<>());
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, ManagedChannel channel,
      Map<String, FileDescriptor> built) throws Exception {
    if (built.containsKey(name)) {
      return built.get(name);
    }
    if (!protos.containsKey(name)) {
      for (ByteString bytes : reflect(channel, ServerReflectionRequest.newBuilder().setFileByFilename(name).build())
          .getFileDescriptorResponse().getFileDescriptorProtoList()) {
        FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
        protos.putIfAbsent(p.getName(), p);
      }
    }
    FileDescriptorProto proto = protos.get(name);
    List<FileDescriptor> dependencies = new ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      dependencies.add(build(dependency, protos, channel, built));
    }
    FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
    built.put(name, file);
    return file;
  }

  /** One request on the bidirectional reflection stream, as grpcurl sends it. */
  private static ServerReflectionResponse reflect(ManagedChannel channel, ServerReflectionRequest request)
      throws InterruptedException {
    LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    StreamObserver<ServerReflectionRequest> out = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            answers.add(response);
          }

          @Override
          public void onError(Throwable t) {
            answers.add(t);
          }

          @Override
          public void onCompleted() {
            // One answer per request is all this client reads.
          }
        });
    out.onNext(request);
    out.onCompleted();
    Object answer = answers.poll(10, TimeUnit.SECONDS);
    if (!(answer instanceof ServerReflectionResponse response)) {
      throw new AssertionError("no reflection answer to " + request + ": " + answer);
    }
    assertTrue(!response.hasErrorResponse(), "reflection error: " + response.getErrorResponse());
    return response;
  }
}
