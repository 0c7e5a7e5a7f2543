package dev.vigil.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} on a free 127.0.0.1 port for the cold start probe (testkit's own starter is internal to its
 * JUnit extension): {@code moto_server} from PATH or {@code ~/.pyenv/shims}, else {@code python3 -m moto.server}.
 */
final class MotoProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    URI endpoint() {
        return endpoint;
    }

    static MotoProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> argv = new ArrayList<>(command());
        argv.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log = Files.createTempFile("vigil-coldstart-moto-", ".log");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MotoProcess moto = new MotoProcess(process, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited (" + String.join(" ", argv) + "); see " + log);
            }
            if (moto.answers()) {
                return moto;
            }
            Thread.sleep(100);
        }
        moto.close();
        throw new IllegalStateException("moto_server did not answer within 60 s; see " + log);
    }

    private static List<String> command() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator, -1)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "moto_server"))) {
                    return List.of(Path.of(dir, "moto_server").toString());
                }
            }
        }
        Path shim = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server");
        return Files.isExecutable(shim) ? List.of(shim.toString()) : List.of("python3", "-m", "moto.server");
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() > 0;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
