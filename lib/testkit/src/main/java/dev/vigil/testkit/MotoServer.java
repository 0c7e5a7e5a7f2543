package dev.vigil.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} subprocess on a free loopback port, stopped by {@link #close()} or at JVM exit. Behind
 * {@link AwsEmulator} for tests; the benchmarks start one directly.
 */
public final class MotoServer implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Thread shutdownHook;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.shutdownHook = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * The command that starts moto's server: {@code python3} running {@code serialized_moto_server.py} (moto's server
     * handling one request at a time, so conditional writes are atomic as in AWS) when python3 can import moto, else
     * {@code moto_server} on PATH or {@code ~/.pyenv/shims/moto_server}; empty when none is installed.
     */
    public static Optional<List<String>> command() {
        if (pythonCanImportMoto()) {
            return Optional.of(List.of("python3", serializedLauncher().toString()));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator, -1)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "moto_server"))) {
                    return Optional.of(List.of(Path.of(dir, "moto_server").toString()));
                }
            }
        }
        Path shim = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server");
        if (Files.isExecutable(shim)) {
            return Optional.of(List.of(shim.toString()));
        }
        return Optional.empty();
    }

    /** Writes the launcher script shipped in this jar to a temporary file and returns its path. */
    private static Path serializedLauncher() {
        try (var script = MotoServer.class.getResourceAsStream("serialized_moto_server.py")) {
            if (script == null) {
                throw new IllegalStateException("serialized_moto_server.py is missing from the test kit jar");
            }
            Path file = Files.createTempFile("vigil-moto-", ".py");
            file.toFile().deleteOnExit();
            Files.write(file, script.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the moto launcher script", e);
        }
    }

    private static boolean pythonCanImportMoto() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import moto.server")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts the server with {@link #command()} and waits until it answers HTTP.
     *
     * @throws IllegalStateException when moto is not installed, or the server does not come up
     */
    public static MotoServer start() {
        return start(command().orElseThrow(() -> new IllegalStateException("moto_server is not installed: "
                + "pip install 'moto[server]' (no moto_server on PATH or in ~/.pyenv/shims, and python3 cannot "
                + "import moto.server)")));
    }

    /** Starts the server with {@code command} and waits until it answers HTTP. */
    public static MotoServer start(List<String> command) {
        return start(command, Map.of());
    }

    /**
     * Starts the server with extra environment variables, e.g. {@code MOTO_PORT}: the port moto's Step Functions
     * interpreter sends its service calls to (a {@link TaskBoundary} in front of this server).
     */
    public static MotoServer start(Map<String, String> environment) {
        return start(command().orElseThrow(() -> new IllegalStateException("moto_server is not installed: "
                + "pip install 'moto[server]'")), environment);
    }

    private static MotoServer start(List<String> command, Map<String, String> environment) {
        int port = freeLoopbackPort();
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log;
        Process process;
        try {
            log = Files.createTempFile("vigil-moto-", ".log");
            log.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                server.close();
                throw new IllegalStateException("moto_server exited with status " + process.exitValue()
                        + " before answering (" + String.join(" ", argv) + "). Its output:\n" + tail(log));
            }
            if (server.answers()) {
                return server;
            }
            sleep(100);
        }
        server.close();
        throw new IllegalStateException("moto_server did not answer on " + server.endpoint + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s. Its output:\n" + tail(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; the process is stopped either way
        }
    }
}
