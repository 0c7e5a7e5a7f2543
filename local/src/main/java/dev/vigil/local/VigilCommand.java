package dev.vigil.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A {@code vigil} subcommand: the top-level command (stores, endpoint), its own picocli spec (output), and --help. */
abstract class VigilCommand implements Callable<Integer> {
    @ParentCommand
    protected VigilCli vigil;

    @Spec
    protected CommandSpec spec;

    // picocli reads the mixin reflectively to add --help to every subcommand; no Vigil code reads the field.
    @SuppressWarnings("UnusedVariable")
    @Mixin
    private HelpOption help;
}
