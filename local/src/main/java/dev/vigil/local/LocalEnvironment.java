package dev.vigil.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/**
 * What the runner sets before any handler runs. The Embedded Metric Format library behind Powertools metrics is told
 * it runs in the {@code Local} environment, so it writes metric documents to stdout instead of probing EC2 and ECS
 * metadata endpoints to find out where it is. And stdout itself, where the handlers' JSON logs and EMF lines go (in
 * Lambda, to CloudWatch Logs), can be sent to a file, leaving the terminal to the runner's own output.
 */
public final class LocalEnvironment {
    /** Where the functions' stdout goes by default, relative to the working directory. */
    public static final String DEFAULT_FUNCTION_LOG = ".vigil/logs/functions.log";

    private LocalEnvironment() {}

    /** Keeps the EMF library from probing for an AWS environment; safe to call any number of times. */
    public static void configure() {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }

    /**
     * Sends {@code System.out} to {@code file} (created, with its directory, on the first write; appended to) and
     * returns the original stdout for the runner's own output.
     */
    public static PrintStream redirectFunctionOutput(Path file) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(new FunctionLog(file), true, StandardCharsets.UTF_8));
        return console;
    }

    /** An append-only file opened on the first write, so commands that log nothing leave no file behind. */
    private static final class FunctionLog extends OutputStream {
        private final Path file;
        private OutputStream out;

        FunctionLog(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            open().write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            open().write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        private OutputStream open() {
            if (out == null) {
                try {
                    Path parent = file.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the function log " + file, e);
                }
            }
            return out;
        }
    }
}
