package dev.vigil.local.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the localhost predict API allows one client, so that slow or oversized clients cannot starve it.
 *
 * @param requestReadTimeout how long a request may take to arrive whole (request line, headers and body), counted
 *     from its first byte; a request not in by then is answered 408 and its connection closed
 * @param idleTimeout how long a kept-alive connection may wait for its next request before it is closed
 * @param maxConnections how many connections are held at once; one more is answered 503 and closed
 * @param maxRequestLineBytes the longest request line (method, target, version); longer is answered 414
 * @param maxHeaderBytes the most header bytes one request may send; more is answered 431
 */
public record HttpLimits(Duration requestReadTimeout, Duration idleTimeout, int maxConnections,
        int maxRequestLineBytes, int maxHeaderBytes) {

    /** The limits of {@code vigil serve} and {@code demo}. */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 256,
            8 * 1024, 16 * 1024);

    public HttpLimits {
        Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (requestReadTimeout.isNegative() || requestReadTimeout.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxRequestLineBytes < 64 || maxHeaderBytes < 64) {
            throw new IllegalArgumentException("limits must allow at least one connection and 64-byte lines");
        }
    }

    /** These limits with another request read timeout. */
    public HttpLimits withRequestReadTimeout(Duration timeout) {
        return new HttpLimits(timeout, idleTimeout, maxConnections, maxRequestLineBytes, maxHeaderBytes);
    }

    /** These limits with another idle timeout. */
    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(requestReadTimeout, timeout, maxConnections, maxRequestLineBytes, maxHeaderBytes);
    }

    /** These limits with another connection count. */
    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(requestReadTimeout, idleTimeout, connections, maxRequestLineBytes, maxHeaderBytes);
    }
}
