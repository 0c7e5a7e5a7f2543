package dev.vigil.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The predict API on localhost: every request becomes an API Gateway HTTP API v2 event ({@link HttpApiEvents}) for the
 * predict handler, and its response goes back as status, headers and body, so routes and answers are the deployed
 * ones. Connections are read by an event loop, so a slow client holds no thread; the handler runs on {@code threads}
 * workers with a queue of {@value #QUEUE} requests (beyond that: 503). What one client may take is bounded by
 * {@link HttpLimits}: time to send a request whole, idle time between requests, connections held, request line and
 * header size. Bodies over the handler's limit are answered 413 without being read. Every answer the server gives
 * itself (400, 408, 413, 414, 417, 431, 502 when the handler throws, 503, 505) is the handler's JSON error shape,
 * {@code {"error": {"code", "message", "status"}}}.
 */
public final class PredictHttpServer implements AutoCloseable {
    static final int QUEUE = 64;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup connections;
    private final Channel listener;
    private final ThreadPoolExecutor workers;

    private PredictHttpServer(EventLoopGroup acceptor, EventLoopGroup connections, Channel listener,
            ThreadPoolExecutor workers) {
        this.acceptor = acceptor;
        this.connections = connections;
        this.listener = listener;
        this.workers = workers;
    }

    /**
     * Fails now when {@code host:port} is taken, so a command can refuse before it changes anything.
     *
     * @throws PortInUseException when the port is taken
     */
    public static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one) with {@link HttpLimits#DEFAULTS}.
     *
     * @param handler the predict function (one event in, one response out)
     * @throws PortInUseException when the port is taken
     */
    public static PredictHttpServer start(String host, int port, int threads, int maxBodyBytes,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return start(host, port, threads, maxBodyBytes, HttpLimits.DEFAULTS, handler);
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one).
     *
     * @param threads the handler's workers
     * @param maxBodyBytes the largest body read; larger is answered 413
     * @param handler the predict function (one event in, one response out)
     * @throws PortInUseException when the port is taken
     */
    public static PredictHttpServer start(String host, int port, int threads, int maxBodyBytes, HttpLimits limits,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "vigil-http-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("vigil-http-accept", true));
        EventLoopGroup connections = new NioEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("vigil-http-io", true));
        AtomicInteger open = new AtomicInteger();
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, connections)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, QUEUE)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        RequestDeadline deadline = new RequestDeadline(limits);
                        channel.pipeline().addLast(deadline);
                        int held = open.incrementAndGet();
                        channel.closeFuture().addListener(closed -> open.decrementAndGet());
                        if (held > limits.maxConnections()) {
                            channel.eventLoop().execute(() -> deadline.answerAndClose(ServerError.BUSY, "the server"
                                    + " holds " + limits.maxConnections() + " connections already; close idle ones"
                                    + " or try again shortly"));
                            return;
                        }
                        channel.pipeline().addLast(new HttpRequestDecoder(decoding), new HttpResponseEncoder(),
                                new PredictExchange(deadline, maxBodyBytes, workers, threads, handler));
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            connections.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            workers.shutdownNow();
            Throwable cause = bound.cause();
            if (cause instanceof BindException) {
                throw new PortInUseException(host, port, cause);
            }
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
        }
        return new PredictHttpServer(acceptor, connections, bound.channel(), workers);
    }

    public int port() {
        return address().getPort();
    }

    /** {@code http://host:port}. */
    public URI baseUri() {
        InetSocketAddress address = address();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops accepting, gives requests in progress a second to finish, and stops the workers and event loops. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        connections.shutdownGracefully(50, 1_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        acceptor.shutdownGracefully(0, 1_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
}
