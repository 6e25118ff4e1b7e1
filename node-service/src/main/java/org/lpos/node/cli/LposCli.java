package org.lpos.node.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.lpos.lab.attack.AttackCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lpos} command line. Exit codes: 0 success, 1 a check failed (e.g. a chain does not
 * verify), 2 bad input (usage, missing or malformed file), 3 an internal error.
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
  /** Exit code when a check fails. */
  public static final int CHECK_FAILED = 1;

  /** Exit code for bad input. */
  public static final int BAD_INPUT = 2;

  /** Exit code for a bug. */
  public static final int INTERNAL_ERROR = 3;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
        new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new LposCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof UserInputException) {
        commandLine.getErr().println("lpos: " + e.getMessage());
        return BAD_INPUT;
      }
      commandLine.getErr().println("lpos: internal error: " + e);
      return INTERNAL_ERROR;
    });
    return cli.execute(args);
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
