package dev.vigil.local;

import dev.vigil.onnx.OnnxModelVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code vigil} command with the real ONNX verifier: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    private static final OnnxModelVerifier VERIFIER = new OnnxModelVerifier();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VigilCli.commandLine(VERIFIER);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** stderr holds exactly one line, and stdout nothing. */
    boolean failedWithOneLine() {
        return out.isEmpty() && err.strip().lines().count() == 1;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
