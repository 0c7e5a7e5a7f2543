package dev.vigil.local.http;

/** The address the server was asked to listen on is taken; the message names it and what to do. */
public final class PortInUseException extends RuntimeException {
    private final int port;

    public PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is already in use; stop whatever listens there or choose another"
                + " with --port (0 picks a free one)", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
