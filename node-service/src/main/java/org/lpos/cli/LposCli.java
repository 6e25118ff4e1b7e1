package org.lpos.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.lpos.lab.attack.AttackCommand;
import org.lpos.lab.byzantine.ByzantineModes;
import org.lpos.lab.cli.DemoCommand;
import org.lpos.lab.cli.ExperimentCommand;
import org.lpos.lab.cli.SimulateCommand;
import org.lpos.lab.load.InstructedWorkload;
import org.lpos.node.cli.ChainCommand;
import org.lpos.node.cli.ClientCommands;
import org.lpos.node.cli.ExitCodes;
import org.lpos.node.cli.NodeCommand;
import org.lpos.node.cli.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lpos} command line: the one place that sees both rooms, the node's commands
 * ({@code org.lpos.node.cli}) and the lab's ({@code org.lpos.lab}), and plugs the lab's workload
 * into the node for the experiments discovery announces, and its Byzantine behaviours for
 * {@code lpos node --byzantine-mode}. Exit codes are {@link ExitCodes}.
 */
@Command(
    name = "lpos",
    mixinStandardHelpOptions = true,
    versionProvider = LposCli.Version.class,
    description = "LPOS: a Proof-of-Stake network whose stake-weighted senate agrees on and signs every block.",
    subcommands = {
      ChainCommand.class,
      SimulateCommand.class,
      NodeCommand.class,
      DemoCommand.class,
      ExperimentCommand.class,
      ClientCommands.Status.class,
      ClientCommands.Balance.class,
      ClientCommands.Senate.class,
      ClientCommands.Block.class,
      ClientCommands.Watch.class,
      ClientCommands.Send.class,
      AttackCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LposCli {
  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
        new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
  }

  /** The command line with every command, the node's wired to the lab's workload. */
  public static CommandLine commandLine() {
    return new CommandLine(new LposCli(), new Factory());
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof UserInputException) {
        commandLine.getErr().println("lpos: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      commandLine.getErr().println("lpos: internal error: " + e);
      return ExitCodes.INTERNAL_ERROR;
    });
    return cli.execute(args);
  }

  /** Creates the commands; a node runs the lab's workload when discovery instructs it. */
  private static final class Factory implements CommandLine.IFactory {
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == NodeCommand.class) {
        return type.cast(new NodeCommand(new InstructedWorkload(), new ByzantineModes()));
      }
      return defaults.create(type);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = LposCli.class.getPackage().getImplementationVersion();
      return new String[] {"lpos " + (v == null ? "(development build)" : v)};
    }
  }
}
