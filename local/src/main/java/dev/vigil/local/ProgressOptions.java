package dev.vigil.local;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import picocli.CommandLine.Option;

/**
 * {@code --progress} and {@code -q/--quiet} of the commands that read data files: progress lines on stderr when
 * stderr is a terminal or {@code --progress} is given, none with {@code --quiet}, which also drops hints and other
 * non-essential lines.
 */
final class ProgressOptions {
    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean forced;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no hints: only results and errors.")
    boolean quiet;

    /** The progress of reading {@code totalBytes} (0 or less: unknown), printed to {@code err} as these options say. */
    Progress start(PrintWriter err, String what, long totalBytes) {
        boolean shown = !quiet && (forced || stderrIsTerminal());
        return new Progress(shown ? err : null, what, totalBytes, System::nanoTime);
    }

    /**
     * True when the process's console is an interactive terminal: {@code Console.isTerminal()} where the JDK has it
     * (22 and later, whose {@code System.console()} is not null when redirected), else whether there is a console.
     */
    // Null is checked for the JDKs before 22; isTerminal is asked where it exists.
    @SuppressWarnings("SystemConsoleNull")
    static boolean stderrIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
