package org.lpos.lab.attack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.node.cli.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lpos attack NAME --node HOST:PORT}: runs one attack of the suite against running nodes,
 * for an operator to try a test network, and prints the attacker's one-line report. What the
 * nodes did about it is for their metrics and logs to say.
 */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description = {
      "Attack running nodes (a test network only): the attacker's side of issue 14's suite.",
      "Run `lpos attack list` for what each attack sends. --duration counts from the line `attack in effect`,"
          + " printed once the attack is set up."
    })
public final class AttackCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", completionCandidates = AttackCatalog.Names.class,
      description = "The attack (or `list`): ${COMPLETION-CANDIDATES}.")
  String name;

  @Option(names = "--node", paramLabel = "HOST:PORT", description = "A node's gRPC port (repeatable).")
  List<String> nodes = List.of();

  @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to attack, e.g. 30s, 2m, 500ms (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the attacker's keys and junk (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--tls", defaultValue = "on", paramLabel = "on|off",
      description = "Reach the nodes over TLS, trusting any certificate (default ${DEFAULT-VALUE}); off for nodes run with --tls=off.")
  String tls;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "A stakeholder's key file, for attacks whose messages nodes buffer only from stakeholders.")
  Path keyFile;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (name.equals("list")) {
      AttackCatalog.all().forEach(a -> out.printf("%-22s %s%n", a.name(), a.description()));
      return 0;
    }
    Optional<Attack> attack = AttackCatalog.named(name);
    if (attack.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no attack named " + name + "; try `lpos attack list`");
    }
    if (nodes.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give at least one --node HOST:PORT");
    }
    Optional<KeyPair> staked = keyFile == null ? Optional.empty() : Optional.of(MemberFiles.readKey(keyFile).keys());
    AttackTarget target = new AttackTarget(nodes, tlsOn(), staked);
    out.println("attacking " + nodes + " with " + name + " for " + duration + ", seed " + seed);
    AttackReport report = attack.get().run(target, Duration.ofMillis(Durations.parse("--duration", duration)), seed,
        () -> out.println("attack in effect"));
    out.println(report.line());
    return 0;
  }

  private boolean tlsOn() {
    return switch (tls.toLowerCase(Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--tls is on or off: " + tls);
    };
  }
}
