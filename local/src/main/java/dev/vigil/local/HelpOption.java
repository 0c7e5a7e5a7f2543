package dev.vigil.local;

import picocli.CommandLine.Option;

/** {@code -h/--help} for a subcommand; subcommands do not take {@code --version}, which register uses for its own. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
