package dev.vigil.local.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one connection, first in its pipeline (it sees raw bytes before they are parsed): a request must
 * arrive whole, from its first byte to the end of its body, within {@link HttpLimits#requestReadTimeout()}, else it
 * is answered 408; a kept-alive connection with no request is closed after {@link HttpLimits#idleTimeout()}. No timer
 * runs while the handler works on a request. A connection being closed after an error answer has its output shut
 * and its input discarded for {@link #LINGER} (so the client reads the answer instead of a reset), then is closed.
 * Runs on the connection's event loop only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final Duration LINGER = Duration.ofSeconds(2);

    private enum Phase { IDLE, READING, HANDLING, CLOSING }

    private final HttpLimits limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.IDLE;
    private ScheduledFuture<?> timer;

    RequestDeadline(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        if (phase == Phase.IDLE) {
            arm(limits.idleTimeout());
        }
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (phase == Phase.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            reading();
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel();
        context.fireChannelInactive();
    }

    /** A request has begun (its first byte, or one already buffered): it has the request read timeout to arrive. */
    void reading() {
        if (phase != Phase.CLOSING) {
            phase = Phase.READING;
            arm(limits.requestReadTimeout());
        }
    }

    /** The request is in whole: no timer while the handler works on it. */
    void received() {
        if (phase != Phase.CLOSING) {
            phase = Phase.HANDLING;
            cancel();
        }
    }

    /** Its response is out and the connection is kept alive: wait for the next request. */
    void responded() {
        if (phase != Phase.CLOSING) {
            phase = Phase.IDLE;
            arm(limits.idleTimeout());
        }
    }

    /** Shuts the output (the answer already written goes first), discards what still comes in, closes soon. */
    void closeGracefully() {
        if (phase == Phase.CLOSING) {
            return;
        }
        phase = Phase.CLOSING;
        cancel();
        if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            timer = ctx.executor().schedule(() -> close(ctx), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            close(ctx);
        }
    }

    /** Answers {@code error} with bytes written straight to the socket (nothing is parsed after it), then closes. */
    void answerAndClose(ServerError error, String message) {
        if (phase == Phase.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        error.log(message, ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(raw(error, message)))
                .addListener((ChannelFutureListener) written -> closeGracefully());
    }

    /** Closes the connection without waiting: a connection that fails to close has nobody left to tell. */
    // The close future can only report that the peer is already gone; there is nothing to do with that.
    @SuppressWarnings("FutureReturnValueIgnored")
    static void close(ChannelHandlerContext ctx) {
        ctx.close();
    }

    private void timedOut() {
        timer = null;
        switch (phase) {
            case READING -> answerAndClose(ServerError.REQUEST_TIMEOUT, "the request did not arrive whole within "
                    + seconds(limits.requestReadTimeout()) + "; send the request line, headers and body without"
                    + " pausing");
            case IDLE -> close(ctx);
            default -> { }
        }
    }

    private void arm(Duration after) {
        cancel();
        timer = ctx.executor().schedule(this::timedOut, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** A whole HTTP/1.1 response, for when no request was parsed to answer through the encoder. */
    static byte[] raw(ServerError error, String message) {
        byte[] body = error.body(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 128);
        out.writeBytes(("HTTP/1.1 " + error.status() + " " + error.reason() + "\r\n"
                + "content-type: application/json\r\n"
                + "content-length: " + body.length + "\r\n"
                + "connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
