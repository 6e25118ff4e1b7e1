package org.lpos.node.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.lpos.discovery.DiscoveryCommand;
import org.lpos.cli.LposCli;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The two container images, each with its Dockerfile, the shaded jar its ENTRYPOINT runs, the
 * Kubernetes container name that runs it, and its real command line, used to parse arguments
 * without running anything.
 */
enum LposImage {
  /** {@code lpos.jar}: the node (and the rest of the {@code lpos} command line). */
  NODE("node", "node-service", "lpos.jar"),
  /** {@code lpos-discovery.jar}: the discovery service. */
  DISCOVERY("discovery", "discovery-service", "lpos-discovery.jar");

  private final String container;
  private final String module;
  private final String jar;

  LposImage(String container, String module, String jar) {
    this.container = container;
    this.module = module;
    this.jar = jar;
  }

  /** The image a Kubernetes container of this name runs, or null for an unknown name. */
  static LposImage forContainer(String name) {
    for (LposImage image : values()) {
      if (image.container.equals(name)) {
        return image;
      }
    }
    return null;
  }

  Path dockerfile(Path repo) {
    return repo.resolve(module).resolve("Dockerfile");
  }

  /** Where the build stage leaves the shaded jar (the Dockerfile builds in /src). */
  String builtJar() {
    return "/src/" + module + "/target/" + jar;
  }

  String jarName() {
    return jar;
  }

  /**
   * Parses {@code args} with the real command line (picocli, no execution) and returns the ports
   * they configure; throws picocli's ParameterException when the command line rejects them. For
   * the node image the arguments must run {@code lpos node}.
   */
  ServerPorts parse(List<String> args) {
    CommandSpec spec = parsedSpec(args);
    int grpc = this == DISCOVERY ? (Integer) spec.findOption("--port").getValue()
        : (Integer) spec.positionalParameters().get(0).getValue();
    return new ServerPorts(grpc, metricsPort(spec), healthPort(spec));
  }

  /**
   * Parses {@code args} as {@link #parse} does and returns the parsed command ({@code lpos node}
   * for the node image), whose options and positional parameters hold the values given.
   */
  CommandSpec parsedSpec(List<String> args) {
    String[] array = args.toArray(String[]::new);
    if (this == DISCOVERY) {
      return DiscoveryCommand.parse(array).commandSpec();
    }
    ParseResult parsed = LposCli.commandLine().parseArgs(array);
    if (!parsed.hasSubcommand() || !"node".equals(parsed.subcommand().commandSpec().name())) {
      throw new AssertionError("the node image must run `lpos node ...`, not: " + String.join(" ", args));
    }
    return parsed.subcommand().commandSpec();
  }

  private static OptionalInt metricsPort(CommandSpec spec) {
    OptionSpec option = spec.findOption("--metrics-port");
    Object value = option == null ? null : option.getValue();
    return value instanceof Integer port && port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
  }

  private static OptionalInt healthPort(CommandSpec spec) {
    OptionSpec option = spec.findOption("--health-port");
    Object value = option == null ? null : option.getValue();
    return value instanceof Integer port && port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
  }

  /**
   * The gRPC port, the metrics port (if any) and the plaintext health-only port (if any) a parsed
   * command line serves on.
   */
  record ServerPorts(int grpc, OptionalInt metrics, OptionalInt health) {}
}
