package org.lpos.node.cli;

import picocli.CommandLine.Command;

/** {@code lpos chain ...}: make, verify and inspect chain files. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Make, verify and inspect chain files.",
    subcommands = {
      ChainGenesisCommand.class,
      ChainVerifyCommand.class,
      ChainShowCommand.class,
      ChainSenateCommand.class
    })
public final class ChainCommand {}
