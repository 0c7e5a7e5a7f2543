package dev.vigil.local.loop;

import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import java.time.Clock;
import java.util.Objects;

/**
 * Vigil on one machine: the three functions over local stores, the predict API on a localhost port, and (for
 * {@code serve --loop} and {@code demo}) the scheduled loop. Closing it stops them in reverse order.
 */
public final class LocalSuite implements AutoCloseable {
    private final LocalFunctions functions;
    private final LoopListener listener;
    private final Clock clock;
    private PredictHttpServer server;
    private LocalLoop loop;

    public LocalSuite(SuiteStores stores, FunctionSettings settings, LoopListener listener, Clock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.functions = new LocalFunctions(stores, settings, clock, listener.retrainListener());
    }

    public LocalFunctions functions() {
        return functions;
    }

    /**
     * Serves the predict API on {@code host:port}.
     *
     * @throws dev.vigil.local.http.PortInUseException when the port is taken
     */
    public PredictHttpServer serve(String host, int port, int threads) {
        server = PredictHttpServer.start(host, port, threads, functions.maxBodyBytes(), functions::predict);
        return server;
    }

    /** Starts the scheduled loop; its first tick runs after {@code firstDelayMillis}. */
    public LocalLoop loop(LoopSettings settings, long firstDelayMillis) {
        loop = new LocalLoop(functions, settings, listener, clock);
        loop.start(firstDelayMillis);
        return loop;
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        if (server != null) {
            server.close();
        }
        functions.close();
    }
}
